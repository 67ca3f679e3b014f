/**
 * The services' wire types, generated from their OpenAPI documents (tools/openapi/generate-client.ts): callers take
 * their request and answer types from here, so a schema change breaks the build where a caller disagrees. The
 * runtime client (openapi-fetch over these paths) is in ./client, an ES module.
 */
export type { components as BillingComponents, paths as BillingPaths } from './generated/billing-service';
export type { components as DataComponents, paths as DataPaths } from './generated/data-service';
export type { components as ServingComponents, paths as ServingPaths } from './generated/serving-service';
export type { components as TrainingComponents, paths as TrainingPaths } from './generated/training-service';
import type { components as BillingComponents } from './generated/billing-service';
import type { components as DataComponents } from './generated/data-service';
import type { components as TrainingComponents } from './generated/training-service';
import type { components as ServingComponents } from './generated/serving-service';

export type BillingSchemas = BillingComponents['schemas'];
export type DataSchemas = DataComponents['schemas'];
export type TrainingSchemas = TrainingComponents['schemas'];
export type ServingSchemas = ServingComponents['schemas'];
