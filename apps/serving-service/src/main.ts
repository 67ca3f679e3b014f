import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

void bootstrapService('serving-service', async () => (await import('./app.module')).AppModule);
