import { ALL_API_KEY_SCOPES, ApiKeyVerifier, hashApiKey, ROOT_LOGGER, TENANT_SUSPENDED_MESSAGE } from '@llmchain/platform';
import { ForbiddenException, Inject, Injectable, OnApplicationShutdown, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { hashPassword, verifyPassword } from '../common/password-hasher';
import { Principal } from '../common/principal';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { AuthRepository } from './auth.repository';
import { LoginThrottle } from './login-throttle';
import { LoginThrottledException } from './login-throttled.exception';
import { PasswordHashSlots } from './password-hash-slots';

// Spent on unknown emails too, so a login's timing does not reveal which emails exist.
const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));

@Injectable()
export class AuthService implements OnModuleInit, OnApplicationShutdown {
  private readonly hashSlots: PasswordHashSlots;
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: AuthRepository,
    private readonly apiKeys: ApiKeyVerifier,
    private readonly throttle: LoginThrottle,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.hashSlots = new PasswordHashSlots(config.LOGIN_CONCURRENT_HASHES, config.LOGIN_HASH_QUEUE);
  }

  /**
   * The configured bootstrap admin is created when no account has its email. An existing account is never changed:
   * an admin who deactivated it or changed its password must not see a restart undo that.
   */
  async onModuleInit(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config;
    this.purgeTimer = setInterval(() => void this.purgeEndedSessions(), this.config.SESSION_PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
    if (!email || !password || (await this.repository.findUserByEmail(email))) return;
    if (await this.repository.createAdminIfAbsent(email, await hashPassword(password))) this.logger.info({ email }, 'bootstrap admin created from configuration');
  }

  onApplicationShutdown(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  /**
   * A locked-out account or address gets 429 with the wait before any hash is spent; each failure counts against
   * both; hashes run in a bounded number of slots (see PasswordHashSlots).
   */
  async login(email: string, password: string, address: string): Promise<{ token: string; expiresAt: Date; role: string }> {
    const waitMs = await this.throttle.remainingWaitMs(email, address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new LoginThrottledException(seconds, `too many failed logins for this account or from this address: try again in ${seconds} s`);
    }
    const user = await this.repository.findUserByEmail(email);
    const valid = await this.hashSlots.run(async () => verifyPassword(user?.passwordHash ?? (await DUMMY_HASH_PROMISE), password));
    if (!user || !valid) {
      await this.throttle.recordFailure(email, address);
      throw new UnauthorizedException('wrong email or password');
    }
    await this.throttle.recordSuccess(email);
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
    if (verdict.ok) {
      const { tenantId, apiKeyId, scopes } = verdict.principal;
      return { kind: 'tenant', tenantId, apiKeyId, userId: null, scopes };
    }
    if (verdict.reason === 'tenant-suspended') throw new ForbiddenException(TENANT_SUSPENDED_MESSAGE);
    if (verdict.reason !== 'malformed') return null;
    const user = await this.repository.findLiveSessionUser(hashApiKey(token), new Date(), this.config.SESSION_IDLE_SECONDS * 1000);
    if (!user) return null;
    if (user.role === 'admin') return { kind: 'admin', userId: user.id };
    if (user.tenantSuspended) throw new ForbiddenException(TENANT_SUSPENDED_MESSAGE);
    return user.tenantId ? { kind: 'tenant', tenantId: user.tenantId, apiKeyId: null, userId: user.id, scopes: ALL_API_KEY_SCOPES } : null;
  }

  async purgeEndedSessions(now = new Date()): Promise<void> {
    try {
      const purged = await this.repository.purgeEndedSessions(now, new Date(now.getTime() - this.config.SESSION_IDLE_SECONDS * 1000));
      if (purged > 0) this.logger.info({ purged }, 'ended sessions purged');
    } catch (error) {
      this.logger.error({ err: error }, 'purging ended sessions failed; the next run retries');
    }
  }
}
