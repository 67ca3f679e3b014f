import { existsSync, readFileSync } from 'node:fs';
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

function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^export ([A-Z_]+)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2]]);
  return Object.fromEntries(entries);
}
