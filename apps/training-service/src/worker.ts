import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

// A training worker: start as many as wanted, anywhere that reaches Postgres, Redis, Kafka and the blob store.
void bootstrapService('training-worker', async () => (await import('./worker/worker.module')).WorkerModule, { consumeKafka: false });
