import 'reflect-metadata';
import { bootstrapService } from '@llmchain/platform';
import { OpenAiErrorFilter } from './common/openai-error.filter';
import { loadServingConfig, servingJsonBodyLimit } from './config/serving-config';

void bootstrapService('serving-service', async () => (await import('./app.module')).AppModule, {
  exceptionFilter: OpenAiErrorFilter,
  jsonBodyLimit: () => servingJsonBodyLimit(loadServingConfig()),
});
