import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { annotationListQuerySchema, createProjectSchema, exportSchema, handOutSchema, reviewSchema, submitAnnotationSchema } from './annotation.dto';

/** annotation.controller.ts */
export const ANNOTATION_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/annotation-projects', summary: 'Create (annotation projects)', caller: 'data team', auth: { apiKey: 'data' }, body: createProjectSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/annotation-projects', summary: 'The tenant’s projects, newest first', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/annotation-projects/:id', summary: 'The project with its progress: tasks, and annotations pending, approved and rejected', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/annotation-projects/:id/annotations', summary: 'Annotations with their documents, oldest first; `?reviewStatus=pending` is the review queue', caller: 'data team', auth: { apiKey: 'data' }, query: annotationListQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'POST', path: '/annotation-projects/:id/hand-outs', summary: 'Tasks for one annotator: the ones they still hold, topped up with new ones', caller: 'data team', auth: { apiKey: 'data' }, body: handOutSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/annotation-projects/:id/annotations', summary: 'Submit (annotations)', caller: 'data team', auth: { apiKey: 'data' }, body: submitAnnotationSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/annotations/:id/review', summary: 'Review (review)', caller: 'data team', auth: { apiKey: 'data' }, body: reviewSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/annotation-projects/:id/agreement', summary: 'Agreement (agreement)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/annotation-projects/:id/exports', summary: 'Approved annotations as a new dataset version of fine-tuning records (prompt/completion or chat)', caller: 'data team', auth: { apiKey: 'data' }, body: exportSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
];
