import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

// A cleaning worker: start as many as wanted, anywhere that reaches Postgres, Redis and the blob store.
void bootstrapService('cleaning-worker', async () => (await import('./cleaning/cleaning-worker.module')).CleaningWorkerModule, { consumeKafka: false });
