import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { LabelSchema, Span } from './annotation.dto';
import { ProjectAgreement } from './project-agreement';

/** The wire shapes of annotation.controller.ts's answers, for the OpenAPI document and the typed client. */
const labelSchemaSchema = z.object({ classes: z.array(z.string()), spanLabels: z.array(z.string()) }) satisfies z.ZodType<LabelSchema>;
const spanSchema = z.object({ start: z.number().int(), end: z.number().int(), label: z.string() }) satisfies z.ZodType<Span>;

export const annotationProjectSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    sourceVersionId: z.uuid().meta({ description: 'The dataset version whose documents are labelled' }),
    labelSchema: labelSchemaSchema,
    overlap: z.number().int().meta({ description: 'How many different annotators label each document' }),
    instruction: z.string(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'AnnotationProject' });
export type AnnotationProjectWire = z.infer<typeof annotationProjectSchema>;

/** A project with the number of its tasks (documents to label), as its creation and the list show it. */
export const annotationProjectWithTasksSchema = annotationProjectSchema.extend({ tasks: z.number().int() }).meta({ id: 'AnnotationProjectWithTasks' });

const reviewCounts = z.object({ pending: z.number().int(), approved: z.number().int(), rejected: z.number().int() });
export const annotationProjectProgressSchema = annotationProjectSchema
  .extend({ tasks: z.number().int(), annotations: reviewCounts.meta({ description: 'Annotations by review status' }) })
  .meta({ id: 'AnnotationProjectWithProgress' });

export const annotationSchema = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    annotator: z.string(),
    label: z.string().nullable(),
    spans: z.array(spanSchema),
    reviewStatus: z.enum(['pending', 'approved', 'rejected']),
    reviewer: z.string().nullable(),
    reviewComment: z.string().nullable(),
    submittedAt: isoDateTime,
  })
  .meta({ id: 'Annotation' });
export type AnnotationWire = z.infer<typeof annotationSchema>;

export const annotationWithDocumentSchema = annotationSchema.extend({ documentId: z.string(), text: z.string() }).meta({ id: 'AnnotationWithDocument' });

export const annotationTaskSchema = z.object({ taskId: z.uuid(), documentId: z.string(), text: z.string() }).meta({ id: 'AnnotationTask' });

const agreementScores = z.object({
  cohenKappa: z.number().nullable().meta({ description: 'With exactly two annotators' }),
  fleissKappa: z.number().nullable().meta({ description: 'When every multiply-labelled document has as many annotators' }),
  krippendorffAlpha: z.number().nullable(),
  units: z.number().int().meta({ description: 'Documents labelled by at least two annotators' }),
});
export const annotationAgreementSchema = z
  .object({
    annotators: z.number().int(),
    classification: agreementScores.extend({ perLabel: z.record(z.string(), agreementScores) }).nullable(),
    spans: z.record(z.string(), agreementScores).meta({ description: 'Per span label: whether annotators marked it at least once in a document' }),
  })
  .meta({ id: 'AnnotationAgreement' }) satisfies z.ZodType<ProjectAgreement>;

export const annotationExportSchema = z
  .object({ datasetVersionId: z.uuid(), datasetId: z.uuid(), version: z.number().int(), documents: z.number().int() })
  .meta({ id: 'AnnotationExport' });
export type AnnotationExportWire = z.infer<typeof annotationExportSchema>;
