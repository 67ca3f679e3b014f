import { createConfig, lintFromString } from '@redocly/openapi-core';
import { SERVICE_DOCUMENTS } from './service-documents';

/**
 * Lints every service's document with Redocly's recommended rules and prints the problems as JSON lines (none when
 * clean). Runs as its own process: @redocly/openapi-core is an ES module Jest's CommonJS runtime cannot load.
 */
async function main() {
  const config = await createConfig({
    extends: ['recommended'],
    rules: {
      // Health, readiness and this document answer no 4xx: they take no input and no credentials.
      'operation-4xx-response': 'off',
      // Training's /v1/models/merges/{id} beside /v1/models/{id}/merge: Nest maps the literal segment first.
      'no-ambiguous-paths': 'off',
    },
  });
  let problems = 0;
  for (const [service, document] of Object.entries(SERVICE_DOCUMENTS)) {
    for (const problem of await lintFromString({ source: JSON.stringify(document()), absoluteRef: `${service}.json`, config })) {
      problems++;
      console.log(JSON.stringify({ service, severity: problem.severity, rule: problem.ruleId, message: problem.message, at: problem.location[0]?.pointer }));
    }
  }
  process.exitCode = problems ? 1 : 0;
}

void main();
