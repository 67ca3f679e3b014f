import { ApiKeyVerifier, hashApiKey, ROOT_LOGGER, TENANT_SUSPENDED_MESSAGE } from '@llmchain/platform';
import { ForbiddenException, Inject, Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { Principal } from '../common/principal';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { AuthRepository } from './auth.repository';
import { hashPassword, verifyPassword } from './password-hasher';

// Spent on unknown emails too, so a login's timing does not reveal which emails exist.
const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly repository: AuthRepository,
    private readonly apiKeys: ApiKeyVerifier,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** The configured bootstrap admin exists, active, with the configured password after every start. */
  async onModuleInit(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const existing = await this.repository.findUserByEmail(email);
    if (existing?.role === 'admin' && !existing.deactivatedAt && (await verifyPassword(existing.passwordHash, password))) return;
    await this.repository.upsertAdmin(email, await hashPassword(password));
    this.logger.info({ email }, 'bootstrap admin set from configuration');
  }

  async login(email: string, password: string): Promise<{ token: string; expiresAt: Date; role: string }> {
    const user = await this.repository.findUserByEmail(email);
    const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await DUMMY_HASH_PROMISE, password);
    if (!user || !valid) throw new UnauthorizedException('wrong email or password');
    if (user.deactivatedAt) throw new ForbiddenException('this account is deactivated: ask a platform admin to reactivate it');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_MINUTES * 60_000);
    await this.repository.createSession(hashApiKey(token), user.id, expiresAt);
    return { token, expiresAt, role: user.role };
  }

  async logout(token: string): Promise<void> {
    await this.repository.deleteSession(hashApiKey(token));
  }

  /**
   * An API key names a tenant; any other bearer token must be a live session of an active user. Null for unknown
   * credentials; a suspended tenant's key or user gets 403, as on every other service.
   */
  async principalFor(token: string): Promise<Principal | null> {
    const verdict = await this.apiKeys.verify(token);
    if (verdict.ok) return { kind: 'tenant', tenantId: verdict.principal.tenantId, apiKeyId: verdict.principal.apiKeyId, userId: null };
    if (verdict.reason === 'tenant-suspended') throw new ForbiddenException(TENANT_SUSPENDED_MESSAGE);
    if (verdict.reason !== 'malformed') return null;
    const user = await this.repository.findLiveSessionUser(hashApiKey(token), new Date());
    if (!user) return null;
    if (user.role === 'admin') return { kind: 'admin', userId: user.id };
    if (user.tenantSuspended) throw new ForbiddenException(TENANT_SUSPENDED_MESSAGE);
    return user.tenantId ? { kind: 'tenant', tenantId: user.tenantId, apiKeyId: null, userId: user.id } : null;
  }
}
