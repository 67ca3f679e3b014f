import { UnprocessableEntityException } from '@nestjs/common';
import { IdempotencyRecordKey, IdempotencyStore } from './idempotency-store';

/** Thrown by bindIdempotentContent on a retry that carried the first request's content: the interceptor replays. */
export class ReplayFirstResponse extends Error {}

/** What the interceptor leaves on a request with an Idempotency-Key, for routes that stream their body. */
export type IdempotentRequestContext =
  | { mode: 'first'; store: IdempotencyStore; record: IdempotencyRecordKey }
  | { mode: 'verify'; expectedContentHash: string };

export const IDEMPOTENCY_CONTEXT = Symbol('llmchain:idempotency');

/**
 * For routes whose body streams (uploads): binds the request's Idempotency-Key to the content's SHA-256, once the
 * route has read the upload and before it commits anything. The key is bound to the content, not to the raw bytes,
 * because a client's retry of a multipart upload carries a new random boundary, so the same file arrives as other
 * bytes. A retry with the same content replays the first response; other content under the same key is 422. No-op
 * without an Idempotency-Key.
 */
export async function bindIdempotentContent(request: object, contentSha256: string): Promise<void> {
  const context = (request as { [IDEMPOTENCY_CONTEXT]?: IdempotentRequestContext })[IDEMPOTENCY_CONTEXT];
  if (!context) return;
  if (context.mode === 'first') return context.store.bindContent(context.record, contentSha256);
  if (context.expectedContentHash === contentSha256) throw new ReplayFirstResponse();
  throw new UnprocessableEntityException('Idempotency-Key: this key was used for an upload of other content; use a new key for a new upload');
}
