import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createEmptyDatabase, TestDatabase } from '@llmchain/testing';
import { Client } from 'pg';
import { SqlExecutor } from '../database/sql-client';
import { generateApiKeySecret } from './api-key-secret';
import { ApiKeyAuthenticatedRequest, ApiKeyGuard, RequireApiKeyScope } from './api-key.guard';
import { ApiKeyVerifier, TENANT_SUSPENDED_MESSAGE } from './api-key-verifier';

/** The verifier and guard over real key and tenant-status tables with the columns any service's replicas must have. */
describe('ApiKeyVerifier and ApiKeyGuard', () => {
  let database: TestDatabase;
  let client: Client;
  let verifier: ApiKeyVerifier;
  const keys: Record<'live' | 'revoked' | 'expired' | 'suspended', string> = { live: '', revoked: '', expired: '', suspended: '' };

  beforeAll(async () => {
    database = await createEmptyDatabase('llmchain_api_key_check');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE key_replica (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL, prefix text UNIQUE NOT NULL,
      secret_hash text NOT NULL, scopes text[] NOT NULL, expires_at timestamptz, revoked_at timestamptz)`);
    await client.query(`CREATE TABLE tenant_status (tenant_id text PRIMARY KEY, suspended_at timestamptz)`);
    await client.query(`INSERT INTO tenant_status VALUES ('tenant-live', NULL), ('tenant-suspended', now())`);
    const insert = async (name: keyof typeof keys, expiresAt: Date | null, revokedAt: Date | null) => {
      const secret = generateApiKeySecret();
      await client.query(`INSERT INTO key_replica (tenant_id, prefix, secret_hash, scopes, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        `tenant-${name}`,
        secret.prefix,
        secret.secretHash,
        ['serving'],
        expiresAt,
        revokedAt,
      ]);
      keys[name] = secret.key;
    };
    await insert('live', new Date(Date.now() + 3_600_000), null);
    await insert('revoked', null, new Date());
    await insert('expired', new Date(Date.now() - 1_000), null);
    await insert('suspended', null, null);
    const executor: SqlExecutor = {
      $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
      $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await client.query(query, values)).rowCount ?? 0,
    };
    verifier = new ApiKeyVerifier(executor, { keys: 'key_replica', tenantStatus: 'tenant_status', tenantStatusIdColumn: 'tenant_id' });
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('accepts a live key and says why it refuses the others', async () => {
    expect(await verifier.verify(keys.live, 'serving')).toEqual({ ok: true, principal: { apiKeyId: expect.any(String), tenantId: 'tenant-live', scopes: ['serving'] } });
    expect(await verifier.verify(keys.live, 'training')).toEqual({ ok: false, reason: 'missing-scope' });
    expect(await verifier.verify(keys.revoked)).toEqual({ ok: false, reason: 'revoked' });
    expect(await verifier.verify(keys.expired)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifier.verify(keys.suspended)).toEqual({ ok: false, reason: 'tenant-suspended' });
    expect(await verifier.verify(`${keys.live.slice(0, -1)}${keys.live.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await verifier.verify('not-a-key')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('follows a tenant out of suspension and back', async () => {
    await client.query(`UPDATE tenant_status SET suspended_at = now() WHERE tenant_id = 'tenant-live'`);
    expect(await verifier.verify(keys.live)).toEqual({ ok: false, reason: 'tenant-suspended' });
    await client.query(`UPDATE tenant_status SET suspended_at = NULL WHERE tenant_id = 'tenant-live'`);
    expect(await verifier.verify(keys.live)).toMatchObject({ ok: true });
  });

  it('guards a handler: the tenant on the request, 401 without a valid key, 403 without the scope or while suspended', async () => {
    class Handlers {
      @RequireApiKeyScope('serving')
      serve() {}
      @RequireApiKeyScope('data')
      upload() {}
    }
    const guard = new ApiKeyGuard(verifier, new Reflector());
    const context = (handler: () => void, request: ApiKeyAuthenticatedRequest) =>
      ({ getHandler: () => handler, getClass: () => Handlers, switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;
    const request: ApiKeyAuthenticatedRequest = { headers: { authorization: `Bearer ${keys.live}` } };
    await expect(guard.canActivate(context(Handlers.prototype.serve, request))).resolves.toBe(true);
    expect(request.apiKey?.tenantId).toBe('tenant-live');
    await expect(guard.canActivate(context(Handlers.prototype.upload, { headers: { authorization: `Bearer ${keys.live}` } }))).rejects.toThrow(ForbiddenException);
    await expect(guard.canActivate(context(Handlers.prototype.serve, { headers: { authorization: `Bearer ${keys.revoked}` } }))).rejects.toThrow(UnauthorizedException);
    await expect(guard.canActivate(context(Handlers.prototype.serve, { headers: {} }))).rejects.toThrow(UnauthorizedException);
    const suspended = guard.canActivate(context(Handlers.prototype.serve, { headers: { authorization: `Bearer ${keys.suspended}` } }));
    await expect(suspended).rejects.toThrow(ForbiddenException);
    await expect(suspended).rejects.toThrow(TENANT_SUSPENDED_MESSAGE);
  });
});
