import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

void bootstrapService('data-service', async () => (await import('./app.module')).AppModule);
