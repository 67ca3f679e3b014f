import { z } from 'zod';
import { MODEL_NAME_PATTERN } from './model-import-settings';

const name = z.string().regex(MODEL_NAME_PATTERN, 'must be 1–128 letters, digits or . _ - : / and start with a letter or digit');
const platformFlag = z.enum(['true', 'false']).transform((v) => v === 'true').default(false);

/** POST /v1/models/imports with a JSON body: a model directory already on the blob store, under the tenant's prefix. */
export const importFromBlobSchema = z.strictObject({
  blob_key: z.string().min(1).max(1024).regex(/^[^\0\\]*$/, 'must not contain NUL or backslashes'),
  name: name.optional(),
  platform: z.boolean().default(false),
});
export type ImportFromBlob = z.infer<typeof importFromBlobSchema>;

/** POST /v1/models/imports?name=&platform= with a tar body (Content-Type application/x-tar). */
export const importUploadQuerySchema = z.strictObject({ name: name.optional(), platform: platformFlag });
export type ImportUploadQuery = z.infer<typeof importUploadQuerySchema>;

