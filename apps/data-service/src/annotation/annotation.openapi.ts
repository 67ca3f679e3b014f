import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { annotationListQuerySchema, createProjectSchema, exportSchema, handOutSchema, reviewSchema, submitAnnotationSchema } from './annotation.dto';
import {
  annotationAgreementSchema,
  annotationExportSchema,
  annotationProjectProgressSchema,
  annotationProjectWithTasksSchema,
  annotationSchema,
  annotationTaskSchema,
  annotationWithDocumentSchema,
} from './annotation.schemas';

const data = { caller: 'data team', auth: { apiKey: 'data' } } as const;

/** annotation.controller.ts */
export const ANNOTATION_ROUTES: readonly RouteDoc[] = [
  {
    ...data,
    method: 'POST',
    path: '/annotation-projects',
    summary: 'Create an annotation project over a dataset version',
    description: 'Its first `maxDocuments` documents become tasks; each is handed to `overlap` different annotators.',
    body: createProjectSchema,
    responses: { 201: { description: 'The project with its number of tasks', json: annotationProjectWithTasksSchema } },
  },
  { ...data, method: 'GET', path: '/annotation-projects', summary: 'List your annotation projects, newest first', query: listQuerySchema, responses: { 200: { description: 'A page of projects', json: listPageOf(annotationProjectWithTasksSchema) } } },
  { ...data, method: 'GET', path: '/annotation-projects/:id', summary: 'Get an annotation project with its progress', description: 'Its tasks, and its annotations pending, approved and rejected.', responses: { 200: { description: 'The project', json: annotationProjectProgressSchema } } },
  {
    ...data,
    method: 'GET',
    path: '/annotation-projects/:id/annotations',
    summary: 'List a project’s annotations with their documents, oldest first',
    description: '`?reviewStatus=pending` is the review queue.',
    query: annotationListQuerySchema,
    responses: { 200: { description: 'A page of annotations', json: listPageOf(annotationWithDocumentSchema) } },
  },
  {
    ...data,
    method: 'POST',
    path: '/annotation-projects/:id/hand-outs',
    summary: 'Hand out tasks to an annotator',
    description: 'The tasks they still hold, topped up with new ones up to `count`.',
    body: handOutSchema,
    responses: { 200: { description: 'The annotator’s tasks', json: z.array(annotationTaskSchema) } },
  },
  { ...data, method: 'POST', path: '/annotation-projects/:id/annotations', summary: 'Submit an annotation of a task', description: 'Submitting again before review replaces the pending annotation.', body: submitAnnotationSchema, responses: { 201: { description: 'The annotation, pending review', json: annotationSchema } } },
  { ...data, method: 'POST', path: '/annotations/:id/review', summary: 'Approve or reject an annotation', description: 'A rejection needs a comment saying what to fix.', body: reviewSchema, responses: { 200: { description: 'The reviewed annotation', json: annotationSchema } } },
  {
    ...data,
    method: 'GET',
    path: '/annotation-projects/:id/agreement',
    summary: 'Measure how far the annotators agree',
    description: 'Cohen’s kappa with two annotators, Fleiss’ kappa when every document has as many, Krippendorff’s alpha always; per project and per label.',
    responses: { 200: { description: 'The agreement scores', json: annotationAgreementSchema } },
  },
  {
    ...data,
    method: 'POST',
    path: '/annotation-projects/:id/exports',
    summary: 'Export approved annotations as a fine-tuning dataset version',
    description: 'Records in prompt/completion or chat form, the project’s instruction as the prompt or system message.',
    body: exportSchema,
    responses: { 201: { description: 'The new dataset version', json: annotationExportSchema } },
  },
];
