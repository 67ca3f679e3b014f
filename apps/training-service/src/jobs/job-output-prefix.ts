/** Blob key prefix of everything a training job writes (checkpoints, its tokenizer, its model). */
export function trainingJobOutputPrefix(job: { tenantId: string; id: string }): string {
  return `tenants/${job.tenantId}/training-jobs/${job.id}`;
}
