import { ModelVariant } from '../model-directory/model-directory';

export interface LoadOptions {
  /** A name from the execution-provider table; 'cpu' when absent. */
  executionProvider?: string;
  /** Weight format; 'fp32' when absent. */
  variant?: ModelVariant;
}
