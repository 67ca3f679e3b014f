import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * 429 for a tenant at one of its limits on stored or queued work (the way OpenAI answers a spent quota): `limit`
 * names the limit in machine-readable form, the message names its value and what to do.
 */
export function tenantLimitReached(limit: string, message: string): HttpException {
  return new HttpException({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', limit, message }, HttpStatus.TOO_MANY_REQUESTS);
}

/** What a Prisma transaction client offers for raw SQL, whichever service's generated client it is. */
type RawSqlClient = { $queryRawUnsafe(query: string, ...values: unknown[]): Promise<unknown> };

/**
 * Serializes, until the transaction ends, every transaction that checks one of a tenant's limits: the count or sum
 * read and the row written after it cannot interleave with another request's, so two requests cannot both take the
 * last unit of a limit.
 */
export async function lockTenantLimit(tx: RawSqlClient, limit: string, tenantId: string): Promise<void> {
  await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text', `${limit}:${tenantId}`);
}
