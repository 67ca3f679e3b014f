import path from 'node:path';
import { z } from 'zod';

export const DASHBOARD_ROOT = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(DASHBOARD_ROOT, '../..');

type ServiceEntry = { name: string; port: number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SERVICES: ServiceEntry[] = require(path.join(REPO_ROOT, 'tools/services.json'));

/** The services the browser reaches through this server, each under /api/<key>/. */
export const PROXIED_SERVICES = {
  data: 'data-service',
  training: 'training-service',
  serving: 'serving-service',
  billing: 'billing-service',
} as const;
export type ProxiedService = keyof typeof PROXIED_SERVICES;

const urlVariable = (service: string) => `${service.replace('-service', '').toUpperCase()}_SERVICE_URL`;

const defaultUrl = (service: string) => {
  const entry = SERVICES.find((s) => s.name === service);
  if (!entry) throw new Error(`tools/services.json has no ${service}`);
  return `http://127.0.0.1:${entry.port}`;
};

const serviceUrl = (service: string) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL like http://127.0.0.1:3001' })
    .default(defaultUrl(service))
    .transform((url) => url.replace(/\/+$/, ''));

const schema = z.object({
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The built single-page app (`vite build` writes it). */
  DASHBOARD_DIST_DIR: z.string().min(1).default(path.join(DASHBOARD_ROOT, 'dist')),
  DATA_SERVICE_URL: serviceUrl('data-service'),
  TRAINING_SERVICE_URL: serviceUrl('training-service'),
  SERVING_SERVICE_URL: serviceUrl('serving-service'),
  BILLING_SERVICE_URL: serviceUrl('billing-service'),
});

export type DashboardConfig = {
  port: number;
  host: string;
  distDir: string;
  upstreams: Record<ProxiedService, string>;
};

/** Validated once at boot; every bad variable is named with what it should be. */
export function loadDashboardConfig(env: Record<string, string | undefined> = process.env): DashboardConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      const value = env[variable];
      return `  - ${variable}: ${issue.message} (${value === undefined ? 'it is not set' : `got ${JSON.stringify(value)}`})`;
    });
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  const c = result.data;
  const upstreams = Object.fromEntries(
    Object.entries(PROXIED_SERVICES).map(([key, service]) => [key, c[urlVariable(service) as keyof typeof c] as string]),
  ) as Record<ProxiedService, string>;
  return { port: c.DASHBOARD_PORT, host: c.HOST, distDir: c.DASHBOARD_DIST_DIR, upstreams };
}

/** An upstream URL fit for a log line or an error message: any `user:password@` it was configured with is dropped. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}
