import { ModelVariant } from '@llmchain/model-runtime';

/** Weight formats every imported base is exported in: full precision, int8 and int4 for faster serving. */
export const IMPORT_VARIANTS: ModelVariant[] = ['fp32', 'q8', 'q4'];

/** An import job's settings (training_jobs.settings of a job of kind import): where the source is and what to register. */
export interface ModelImportSettings {
  kind: 'import';
  /** The name tenants call the model by once registered. */
  name: string;
  visibility: 'tenant' | 'platform';
  variants: ModelVariant[];
  /** The source directory on the blob store: `<prefix>/<path>` for each file; `name` is what lineage records. */
  source: { name: string; origin: 'upload' | 'blob'; prefix: string; files: { path: string; bytes: number }[] };
}

/** `<tenant>/<name>` style names and Hub names (Qwen/Qwen2.5-0.5B): letters, digits and . _ - : / */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
