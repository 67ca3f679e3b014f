import { Service } from '../api/http';

/** The services with a reference page, in the order the index lists them; each serves its document at /openapi.json. */
export const REFERENCE_SERVICES: readonly { service: Service; title: string; summary: string }[] = [
  { service: 'serving', title: 'Serving API', summary: 'OpenAI-compatible chat completions, embeddings, models and batches' },
  { service: 'data', title: 'Data API', summary: 'Corpora, cleaning runs, connectors, annotation and dataset versions' },
  { service: 'training', title: 'Training API', summary: 'Training jobs, checkpoints, models and evals' },
  { service: 'billing', title: 'Billing API', summary: 'Sign-in, tenants, plans, API keys, usage, credits and invoices' },
];

export const referenceService = (service: string | undefined) => REFERENCE_SERVICES.find((entry) => entry.service === service);
