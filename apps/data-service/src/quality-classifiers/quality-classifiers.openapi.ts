import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { trainClassifierRequest } from './quality-classifier.dto';
import { qualityClassifierSchema } from './quality-classifier.schemas';

const data = { caller: 'data team', auth: { apiKey: 'data' } } as const;

/** quality-classifiers.controller.ts */
export const QUALITY_CLASSIFIERS_ROUTES: readonly RouteDoc[] = [
  {
    ...data,
    method: 'POST',
    path: '/quality-classifiers',
    summary: 'Train a quality classifier from an annotation project’s approved labels',
    description: 'Each call trains a new version; part of the labelled documents is held out, and the answer carries the figures measured on them.',
    body: trainClassifierRequest,
    responses: { 201: { description: 'The new version with its held-out figures', json: qualityClassifierSchema } },
  },
  { ...data, method: 'GET', path: '/quality-classifiers', summary: 'List your quality classifiers, newest first', query: listQuerySchema, responses: { 200: { description: 'A page of classifier versions', json: listPageOf(qualityClassifierSchema) } } },
  { ...data, method: 'GET', path: '/quality-classifiers/:id', summary: 'Get a quality classifier', responses: { 200: { description: 'The classifier', json: qualityClassifierSchema } } },
];
