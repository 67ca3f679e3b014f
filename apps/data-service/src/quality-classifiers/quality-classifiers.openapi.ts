import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { trainClassifierRequest } from './quality-classifier.dto';

/** quality-classifiers.controller.ts */
export const QUALITY_CLASSIFIERS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/quality-classifiers', summary: 'Trains a new version from the project’s approved labels (201 with its held-out figures)', caller: 'data team', auth: { apiKey: 'data' }, body: trainClassifierRequest, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/quality-classifiers', summary: 'List (quality classifiers)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/quality-classifiers/:id', summary: 'Get (quality classifiers)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
