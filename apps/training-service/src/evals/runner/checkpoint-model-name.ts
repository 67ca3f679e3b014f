/** OpenAI's name for a fine-tuning checkpoint, `<model>:ckpt-step-<step>`: what a checkpoint run is shown and metered as. */
export const checkpointModelName = (modelName: string, step: number) => `${modelName}:ckpt-step-${step}`;

/** A checkpoint of a job that has registered no model yet, named after the job's suffix (or id). */
export const jobCheckpointName = (job: { id: string; suffix: string | null }, step: number) => checkpointModelName(job.suffix ?? `job-${job.id.slice(0, 8)}`, step);
