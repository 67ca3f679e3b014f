import { z } from 'zod';

const labelName = z.string().min(1).max(100);

/** Which of an annotation project's classes mean good text and which mean bad; the rest are left out of training. */
export const trainClassifierRequest = z
  .strictObject({
    projectId: z.uuid(),
    goodLabels: z.array(labelName).min(1).max(50),
    badLabels: z.array(labelName).min(1).max(50),
  })
  .refine((request) => !request.goodLabels.some((label) => request.badLabels.includes(label)), {
    message: 'a label cannot be both good and bad',
    path: ['badLabels'],
  });

export type TrainClassifierRequest = z.infer<typeof trainClassifierRequest>;
