import 'reflect-metadata';
import { bootstrapService, ConfigError } from '@llmchain/platform';
import { loadBillingConfig } from './config/billing-config';

// billing-service's own variables are checked before anything starts, like the platform's, with the same message.
try {
  loadBillingConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`billing-service: ${error.message}\n`);
  process.exit(1);
}

void bootstrapService('billing-service', async () => (await import('./app.module')).AppModule);
