import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createTrainingJobSchema, eventsQuerySchema } from './training-job.dto';
import { checkpointSchema, trainingJobEventSchema, trainingJobSchema } from './training-job.schemas';

/** training-jobs.controller.ts */
export const TRAINING_JOBS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/training/jobs', summary: 'Start a training job; follow it with GET …/:id or …/:id/events', caller: 'data team', auth: { apiKey: 'training' }, body: createTrainingJobSchema, responses: { 201: { description: 'The job', json: trainingJobSchema } } },
  { method: 'GET', path: '/v1/training/jobs', summary: 'The tenant’s training jobs, newest first', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page of jobs', json: listPageOf(trainingJobSchema) } } },
  { method: 'GET', path: '/v1/training/jobs/:id', summary: 'One training job', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'The job', json: trainingJobSchema } } },
  { method: 'GET', path: '/v1/training/jobs/:id/events', summary: 'Oldest first: status changes, progress (the loss curve), warnings, errors', caller: 'data team', auth: { apiKey: 'training' }, query: eventsQuerySchema, responses: { 200: { description: 'A page of events', json: listPageOf(trainingJobEventSchema) } } },
  { method: 'GET', path: '/v1/training/jobs/:id/checkpoints', summary: 'The job’s checkpoints', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'All checkpoints', json: z.object({ object: z.literal('list'), data: z.array(checkpointSchema), has_more: z.literal(false) }) } } },
  { method: 'POST', path: '/v1/training/jobs/:id/cancel', summary: 'Cancel a job', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'The job', json: trainingJobSchema } } },
];
