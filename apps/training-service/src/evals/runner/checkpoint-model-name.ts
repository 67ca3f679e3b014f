/** OpenAI's name for a fine-tuning checkpoint, `<model>:ckpt-step-<step>`: what a checkpoint run is shown and metered as. */
export const checkpointModelName = (modelName: string, step: number) => `${modelName}:ckpt-step-${step}`;
