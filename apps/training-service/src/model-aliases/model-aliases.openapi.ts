import { aliasTarget } from '@llmchain/contracts';
import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { modelAliasName, setModelAliasBody } from './model-alias.dto';

/** The same targets model.alias.changed carries. */
const aliasTargets = z.array(aliasTarget);

const modelAlias = z
  .object({
    id: z.uuid(),
    object: z.literal('model.alias'),
    name: z.string(),
    targets: aliasTargets,
    revision: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ModelAlias', description: 'A stable name that resolves to one version, or two split by weight (a canary).' });

const modelAliasChange = z
  .object({ revision: z.number().int(), action: z.enum(['set', 'rollback']), targets: aliasTargets, apiKeyId: z.string(), changedAt: z.iso.datetime() })
  .meta({ id: 'ModelAliasChange' });

const params = z.object({ name: modelAliasName });
const aliasAnswer = { description: 'The alias as it now stands', json: modelAlias };

/** model-aliases.controller.ts */
export const MODEL_ALIASES_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/v1/model-aliases', summary: 'List your model aliases', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(modelAlias) } } },
  { method: 'GET', path: '/v1/model-aliases/:name', summary: 'Get a model alias', caller: 'data team', auth: { apiKey: 'training' }, params, responses: { 200: aliasAnswer } },
  {
    method: 'PUT',
    path: '/v1/model-aliases/:name',
    summary: 'Point an alias at one version, or split it between two (canary)',
    caller: 'data team',
    auth: { apiKey: 'training' },
    params,
    body: setModelAliasBody,
    example: { targets: [{ modelId: '0b6f8a52-7a53-4c5e-9b43-1d9b8d3c2a10', weight: 90 }, { modelId: '5d1e3c77-2f0a-4a8e-b6a1-7c9e0f4d2b31', weight: 10 }] },
    responses: { 200: aliasAnswer },
  },
  { method: 'POST', path: '/v1/model-aliases/:name/rollback', summary: 'Roll an alias back to its previous assignment', caller: 'data team', auth: { apiKey: 'training' }, params, responses: { 200: aliasAnswer } },
  {
    method: 'DELETE',
    path: '/v1/model-aliases/:name',
    summary: 'Delete a model alias (serving answers 404 for its name within seconds)',
    caller: 'data team',
    auth: { apiKey: 'training' },
    params,
    responses: {
      200: {
        description: 'The alias is gone, its history with it',
        json: z.object({ id: z.uuid(), object: z.literal('model.alias.deleted'), name: z.string(), deleted: z.literal(true) }).meta({ id: 'ModelAliasDeleted' }),
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/model-aliases/:name/changes',
    summary: 'An alias’s changes, newest first',
    caller: 'data team',
    auth: { apiKey: 'training' },
    params,
    query: listQuerySchema.pick({ limit: true }),
    responses: { 200: { description: 'The changes', json: z.object({ object: z.literal('list'), data: z.array(modelAliasChange) }) } },
  },
];
