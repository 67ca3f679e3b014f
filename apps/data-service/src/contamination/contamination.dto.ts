import { z } from 'zod';

export const checkContaminationSchema = z.strictObject({
  /** The evaluation set to compare with: another dataset version of yours. */
  againstVersionId: z.uuid('must be the id of one of your dataset versions'),
});
export type CheckContamination = z.infer<typeof checkContaminationSchema>;
