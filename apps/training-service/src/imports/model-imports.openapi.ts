import { RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { importFromBlobSchema, importUploadQuerySchema } from './model-import.dto';

const timestamp = z.iso.datetime();

/** model-import.view.ts's shape. */
const modelImportSchema = z
  .object({
    id: z.uuid(),
    object: z.literal('model.import'),
    status: z.string(),
    name: z.string(),
    visibility: z.enum(['tenant', 'platform']),
    source: z.looseObject({ name: z.string(), origin: z.enum(['upload', 'blob']), files: z.array(z.looseObject({ path: z.string(), bytes: z.number().int() })) }),
    variants: z.array(z.unknown()),
    progress: z.looseObject({ phase: z.string(), item: z.string(), done: z.number(), total: z.number() }).nullable(),
    modelId: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'ModelImport' });

const training = { caller: 'data team', auth: { apiKey: 'training' } } as const;

/** model-imports.controller.ts */
export const MODEL_IMPORTS_ROUTES: readonly RouteDoc[] = [
  {
    ...training,
    method: 'POST',
    path: '/v1/models/imports',
    summary: 'Import a Hugging Face model directory: a streamed tar, or a folder already on the blob store',
    description: 'Follow it with GET …/{id} until it is succeeded (modelId set) or failed. The tar upload takes `?name=&platform=`.',
    query: importUploadQuerySchema,
    body: importFromBlobSchema,
    upload: { mediaType: 'application/x-tar', description: 'The model directory as a tar archive' },
    responses: { 201: { description: 'The queued import', json: modelImportSchema } },
  },
  { ...training, method: 'GET', path: '/v1/models/imports/:id', summary: 'One model import', responses: { 200: { description: 'The import', json: modelImportSchema } } },
];
