import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

void bootstrapService('training-service', async () => (await import('./app.module')).AppModule);
