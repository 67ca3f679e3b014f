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
  const fromFile = readEnvFile(path.join(process.env.LLMCHAIN_STATE_DIR ?? path.join(REPO_ROOT, '.cache/infra'), 'env'));
  const pick = (name: keyof InfraEnv) => {
    const value = process.env[name] ?? fromFile[name];
    if (!value) throw new Error(`${name} is not set and infra/up.sh has not written it: run \`npm run infra:up\``);
    return value;
  };
  return { DATABASE_URL: pick('DATABASE_URL'), REDIS_URL: pick('REDIS_URL'), KAFKA_BROKERS: pick('KAFKA_BROKERS') };
}

/**
 * infra/up.sh writes the file with bash's %q quoting (a password may hold shell characters), so bash reads it back:
 * parsing it here would misread any quoted value.
 */
function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const names = ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS'];
  const script = `source "$1" && printf '%s\\0' ${names.map((n) => `"\${${n}:-}"`).join(' ')}`;
  const output = execFileSync('bash', ['-c', script, 'read-env', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const values = output.split('\0');
  return Object.fromEntries(names.map((name, i) => [name, values[i]]).filter(([, value]) => value));
}
