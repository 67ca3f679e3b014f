import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';

void bootstrapService('billing-service', async () => (await import('./app.module')).AppModule);
