import services from '../services.json';
import { ProcessInfo } from './service-launcher';

/**
 * Everything the main job runs: the four services (tools/services.json), one training worker (health checks on its own
 * port, training-service's database), and the dashboard's web server, which proxies the services' APIs.
 */
export const PROCESSES: readonly ProcessInfo[] = [
  ...services.map((service) => ({ ...service, kind: 'service' as const })),
  { name: 'training-worker', kind: 'worker', script: 'apps/training-service/src/worker.ts', port: 3012, database: 'llmchain_training' },
  { name: 'dashboard', kind: 'web', script: 'apps/dashboard/server/main.ts', port: 3000, healthPath: '/health/live' },
];
