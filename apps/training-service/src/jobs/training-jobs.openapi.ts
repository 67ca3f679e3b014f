import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createTrainingJobSchema, eventsQuerySchema } from './training-job.dto';

/** Answers are documented as objects; their fields are not described yet. */
const item = z.looseObject({});

/** training-jobs.controller.ts */
export const TRAINING_JOBS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/training/jobs', summary: '201 with the job in validating_files; follow it with GET …/:id or …/:id/events', caller: 'data team', auth: { apiKey: 'training' }, body: createTrainingJobSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/training/jobs', summary: 'Newest first', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/v1/training/jobs/:id', summary: 'Get (jobs)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/training/jobs/:id/events', summary: 'Oldest first: status changes, progress (the loss curve), warnings, errors', caller: 'data team', auth: { apiKey: 'training' }, query: eventsQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/v1/training/jobs/:id/checkpoints', summary: 'Checkpoints (checkpoints)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
  { method: 'POST', path: '/v1/training/jobs/:id/cancel', summary: 'Cancel (cancel)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
];
