/**
 * Ranges a LoRA adapter's settings must lie in; the defaults are PEFT's common choice for small adapters. A file with
 * no imports, so the dashboard's job form shows and checks these very numbers without bundling server code.
 */
export const LORA_LIMITS = {
  rank: { min: 1, max: 256 },
  alpha: { min: 0, max: 4096 },
  dropout: { min: 0, max: 0.9 },
  targetModules: 32,
};
export const DEFAULT_LORA = { rank: 8, alpha: 16, dropout: 0.05 };
