import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';

const labelName = z.string().regex(/^[A-Za-z0-9 _.:-]{1,64}$/, 'letters, digits, space, _ . : or -; up to 64');
const person = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'letters, digits, _ . @ or -; up to 128');

export const createProjectSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    sourceVersionId: z.uuid('must be a dataset version id'),
    labelSchema: z.strictObject({
      classes: z.array(labelName).max(100).default([]),
      spanLabels: z.array(labelName).max(100).default([]),
    }),
    /** How many different annotators label each document. */
    overlap: z.number().int().min(1).max(10).default(2),
    /** Shown to annotators and used as the prompt / system message of the export. */
    instruction: z.string().min(1).max(4000),
    /** The first documents of the version to label; projects stay bounded because task texts live in Postgres. */
    maxDocuments: z.number().int().min(1).max(5000).default(500),
  })
  .refine((p) => p.labelSchema.classes.length + p.labelSchema.spanLabels.length > 0, {
    message: 'labelSchema needs at least one class or span label',
    path: ['labelSchema'],
  })
  .refine((p) => new Set(p.labelSchema.classes).size === p.labelSchema.classes.length, {
    message: 'classes must be distinct',
    path: ['labelSchema', 'classes'],
  });
export type CreateProject = z.infer<typeof createProjectSchema>;

export const handOutSchema = z.strictObject({ annotator: person, count: z.number().int().min(1).max(100).default(10) });
export type HandOut = z.infer<typeof handOutSchema>;

export const spanSchema = z.strictObject({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  label: labelName,
});
export type Span = z.infer<typeof spanSchema>;

export const submitAnnotationSchema = z.strictObject({
  taskId: z.uuid('must be a task id'),
  annotator: person,
  label: labelName.optional(),
  spans: z.array(spanSchema).max(500).default([]),
});
export type SubmitAnnotation = z.infer<typeof submitAnnotationSchema>;

export const reviewSchema = z
  .strictObject({
    reviewer: person,
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().max(2000).optional(),
  })
  .refine((r) => r.decision === 'approved' || (r.comment ?? '').trim().length > 0, {
    message: 'a rejection needs a comment saying what to fix',
    path: ['comment'],
  });
export type Review = z.infer<typeof reviewSchema>;

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const annotationListQuerySchema = listQuerySchema.extend({ reviewStatus: z.enum(REVIEW_STATUSES).optional() });
export type AnnotationListQuery = z.infer<typeof annotationListQuerySchema>;

export const exportSchema = z.strictObject({
  datasetName: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, underscore or dash; up to 100'),
  format: z.enum(['prompt-completion', 'chat']),
});
export type ExportRequest = z.infer<typeof exportSchema>;

export type LabelSchema = { classes: string[]; spanLabels: string[] };
