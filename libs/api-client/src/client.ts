import createClient from 'openapi-fetch';
import type { paths as BillingPaths } from './generated/billing-service';
import type { paths as DataPaths } from './generated/data-service';
import type { paths as ServingPaths } from './generated/serving-service';
import type { paths as TrainingPaths } from './generated/training-service';

/** Typed clients (openapi-fetch) for each service: paths, parameters, bodies and answers checked by the compiler. */
const clientFor =
  <Paths extends object>() =>
  (baseUrl: string, token?: string) =>
    createClient<Paths>({ baseUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });

export const billingClient = clientFor<BillingPaths>();
export const dataClient = clientFor<DataPaths>();
export const servingClient = clientFor<ServingPaths>();
export const trainingClient = clientFor<TrainingPaths>();
