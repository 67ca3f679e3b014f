import services from '../services.json';
import { ProcessInfo } from './service-launcher';

/**
 * Everything the main job runs: the four services (tools/services.json) and one training worker, which serves its
 * health checks on its own port and shares training-service's database.
 */
export const PROCESSES: readonly ProcessInfo[] = [
  ...services,
  { name: 'training-worker', service: 'training-service', entry: 'worker.ts', port: 3012, database: 'llmchain_training' },
];
