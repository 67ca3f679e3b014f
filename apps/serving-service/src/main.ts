import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';
import { loadServingConfig, servingJsonBodyLimit } from './config/serving-config';
import { OpenAiErrorFilter } from './openai/openai-error.filter';

void bootstrapService('serving-service', async () => (await import('./app.module')).AppModule, {
  exceptionFilter: OpenAiErrorFilter,
  jsonBodyLimit: () => servingJsonBodyLimit(loadServingConfig()),
});
