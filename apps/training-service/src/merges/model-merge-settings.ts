import { ModelVariant } from '@llmchain/model-runtime';

/** A merge job's settings (training_jobs.settings of a job of kind merge): which adapter goes into which base, and the name. */
export interface ModelMergeSettings {
  kind: 'merge';
  /** The name tenants call the merged model by. */
  name: string;
  adapterModelId: string;
  baseModelId: string;
  variants: ModelVariant[];
}
