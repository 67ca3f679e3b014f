import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export type InfraEnv = { DATABASE_URL: string; REDIS_URL: string; KAFKA_BROKERS: string };

/**
 * Where the integration tests find Postgres, Redis and Kafka: the environment `npm test` exported, or the env
 * file infra/up.sh wrote (so a single spec can be run by hand after `npm run infra:up`).
 */
export function infraEnv(): InfraEnv {
  return pickInfraEnv(['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS']);
}

export type S3InfraEnv = { S3_ENDPOINT: string; S3_REGION: string; S3_ACCESS_KEY_ID: string; S3_SECRET_ACCESS_KEY: string; S3_FORCE_PATH_STYLE: string };

/** The S3-compatible server infra/up.sh started (S3Proxy) or S3_ENDPOINT names, and its credentials. */
export function s3InfraEnv(): S3InfraEnv {
  return pickInfraEnv(['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']);
}

function pickInfraEnv<Name extends string>(names: Name[]): Record<Name, string> {
  const fromFile = readEnvFile(path.join(process.env.LLMCHAIN_STATE_DIR ?? path.join(REPO_ROOT, '.cache/infra'), 'env'), names);
  const pick = (name: Name) => {
    const value = process.env[name] ?? fromFile[name];
    if (!value) throw new Error(`${name} is not set and infra/up.sh has not written it: run \`npm run infra:up\``);
    return [name, value];
  };
  return Object.fromEntries(names.map(pick)) as Record<Name, string>;
}

/**
 * infra/up.sh writes the file with bash's %q quoting (a password may hold shell characters), so bash reads it back:
 * parsing it here would misread any quoted value.
 */
function readEnvFile(file: string, names: string[]): Record<string, string> {
  if (!existsSync(file)) return {};
  const script = `source "$1" && printf '%s\\0' ${names.map((n) => `"\${${n}:-}"`).join(' ')}`;
  const output = execFileSync('bash', ['-c', script, 'read-env', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const values = output.split('\0');
  return Object.fromEntries(names.map((name, i) => [name, values[i]]).filter(([, value]) => value));
}
