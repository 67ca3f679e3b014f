import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

/** "keys": may create, list and revoke the tenant's keys (billing's /v1/api-keys), granting at most its own scopes. */
export const apiKeyScope = z.enum(['serving', 'data', 'training', 'keys']);

/**
 * billing-service → every authenticating service. Carries the key's hash, never the secret, so other services
 * authenticate locally without calling billing on each request.
 */
export const apiKeyCreatedV1 = eventEnvelope(
  TOPICS.apiKeyCreated,
  1,
  z.strictObject({
    tenantId,
    apiKeyId: id,
    prefix: z.string().min(4).max(32),
    secretHash: z.string().min(16).max(512),
    scopes: z.array(apiKeyScope).min(1),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
  }),
);
export type ApiKeyCreatedV1 = z.infer<typeof apiKeyCreatedV1>;

export const apiKeyRevokedV1 = eventEnvelope(TOPICS.apiKeyRevoked, 1, z.strictObject({ tenantId, apiKeyId: id }));
export type ApiKeyRevokedV1 = z.infer<typeof apiKeyRevokedV1>;
