import { billingConfigSchema } from '../../apps/billing-service/src/config/billing-config';
import { dataServiceConfigSchema } from '../../apps/data-service/src/config/data-service-config';
import { servingConfigSchema } from '../../apps/serving-service/src/config/serving-config';
import { trainingConfigSchema } from '../../apps/training-service/src/config/training-config';
import { loadDashboardConfig } from '../../apps/dashboard/server/dashboard-config';
import { blobStoreConfigSchema, platformConfigSchema } from '@llmchain/platform';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';

type Env = Record<string, string>;

/** The schemas a process validates its environment against at boot, by what the process runs. */
const SCHEMAS_BY_ENTRY_POINT: Record<string, z.ZodType[]> = {
  'apps/data-service/src/main.ts': [platformConfigSchema, blobStoreConfigSchema, dataServiceConfigSchema],
  'apps/data-service/src/cleaning-worker.ts': [platformConfigSchema, blobStoreConfigSchema, dataServiceConfigSchema],
  'apps/training-service/src/main.ts': [platformConfigSchema, blobStoreConfigSchema, trainingConfigSchema],
  'apps/training-service/src/worker.ts': [platformConfigSchema, blobStoreConfigSchema, trainingConfigSchema],
  'apps/serving-service/src/main.ts': [platformConfigSchema, blobStoreConfigSchema, servingConfigSchema],
  'apps/billing-service/src/main.ts': [platformConfigSchema, billingConfigSchema],
  'tools/ensure-bucket/main.ts': [blobStoreConfigSchema],
};

/** The variable names a zod object schema reads, through the transforms the service configs end with. */
function variablesOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: object; in?: z.ZodType } } })._zod.def;
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def.type === 'pipe' && def.in) return variablesOf(def.in);
  throw new Error(`cannot list the variables of a ${def.type} schema`);
}

export function entryPointOf(command: unknown): string {
  const entry = Array.isArray(command) ? command.find((part) => typeof part === 'string' && part.endsWith('.ts')) : undefined;
  if (typeof entry !== 'string') throw new Error(`no TypeScript entry point in command ${JSON.stringify(command)}`);
  return entry;
}

/** Every variable some llmchain process reads: a name outside it is misspelt (and silently keeps a default). */
const KNOWN_VARIABLES = new Set(Object.values(SCHEMAS_BY_ENTRY_POINT).flat().flatMap(variablesOf));

/**
 * What a process started with `env` would say at boot: each schema's problems (as the service prints them: the
 * variable and the message), and any variable no llmchain process reads. Shared settings may reach processes that
 * ignore them (S3_* on billing-service), as the deployment files share one block of them.
 */
export function bootProblems(entryPoint: string, env: Env): string[] {
  if (entryPoint === 'apps/dashboard/server/main.ts') {
    try {
      loadDashboardConfig(env);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const schemas = SCHEMAS_BY_ENTRY_POINT[entryPoint];
  if (!schemas) return [`no configuration schema known for ${entryPoint}`];
  const problems = schemas.flatMap((schema) => {
    const result = schema.safeParse(env);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  });
  return [...problems, ...Object.keys(env).filter((name) => !KNOWN_VARIABLES.has(name)).map((name) => `${name}: read by no llmchain process`)];
}

/**
 * Values a deployment's operator would put in the secrets: each of the form its schema asks for, made up for the
 * test (nothing here is a real secret).
 */
export function madeUpSecrets(): Env {
  return {
    POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
    REDIS_PASSWORD: randomBytes(24).toString('hex'),
    OPERATOR_TOKEN: randomBytes(32).toString('hex'),
    S3_ACCESS_KEY_ID: randomBytes(10).toString('hex'),
    S3_SECRET_ACCESS_KEY: randomBytes(20).toString('hex'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
    BOOTSTRAP_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    GRAFANA_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  };
}
