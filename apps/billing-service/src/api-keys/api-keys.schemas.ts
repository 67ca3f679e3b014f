import { apiKeyScope } from '@llmchain/contracts';
import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { ApiKeyView } from './api-keys.repository';

const apiKeyExample = {
  id: '9d2c7b1a-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  tenantId: '0c8f3a6e-7d21-4b9a-8e5f-2a1b3c4d5e6f',
  name: 'production chat',
  prefix: 'llmk_3f9a2c7e',
  scopes: ['serving'],
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-11-20T12:00:00.000Z',
  createdByUserId: '4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8',
  createdByApiKeyId: null,
};

/** A key as api-keys.controller.ts shows it after its creation: never the secret nor its hash. */
export const apiKeySchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The visible start of the key, to tell keys apart' }),
    scopes: z.array(apiKeyScope),
    expiresAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    createdByUserId: z.uuid().nullable().meta({ description: 'The admin or tenant user who minted it' }),
    createdByApiKeyId: z.uuid().nullable().meta({ description: 'The key (with the keys scope) that minted it' }),
  })
  .meta({ id: 'ApiKey', example: apiKeyExample }) satisfies z.ZodType<Wire<ApiKeyView>>;


/** The answer of a key's creation: the only time the secret is shown. */
export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().meta({ description: 'The secret, shown in this answer only: store it now, billing keeps only its hash' }) })
  .meta({ id: 'CreatedApiKey', example: { ...apiKeyExample, key: 'llmk_3f9a2c7e_kP7vR1sT9wX3yZ5bC8dE0fG2hJ4kL6mNqR8sT0uVwXy' } }) satisfies z.ZodType<Wire<ApiKeyView & { key: string }>>;
