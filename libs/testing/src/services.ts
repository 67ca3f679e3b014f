import path from 'node:path';
import { REPO_ROOT } from './infra-env';

export type ServiceName = 'data-service' | 'training-service' | 'serving-service' | 'billing-service';
export type ServiceInfo = { name: ServiceName; port: number; database: string };

// The same table tools/*.sh read, so ports and database names live in one place.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SERVICES: readonly ServiceInfo[] = require(path.join(REPO_ROOT, 'tools/services.json'));

export function serviceInfo(name: ServiceName): ServiceInfo {
  const info = SERVICES.find((s) => s.name === name);
  if (!info) throw new Error(`unknown service ${name}`);
  return info;
}
