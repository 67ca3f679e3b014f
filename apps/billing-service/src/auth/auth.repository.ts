import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export type SessionUser = { id: string; role: string; tenantId: string | null; tenantSuspended: boolean };

/** A session's last use is written at most once a minute (or a quarter of the idle timeout), not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

@Injectable()
export class AuthRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  findUserByEmail(email: string) {
    return this.db.user.findUnique({ where: { email } });
  }

  /** Creates the admin when no user has this email; an existing account is left as it is. Answers whether it created. */
  async createAdminIfAbsent(email: string, passwordHash: string): Promise<boolean> {
    const created = await this.db.user.createMany({ data: [{ email, passwordHash, role: 'admin' }], skipDuplicates: true });
    return created.count === 1;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.session.create({ data: { tokenHash, userId, expiresAt } });
  }

  /** The session's user while the session is live (before its expiry, used within idleMs) and the user active. */
  async findLiveSessionUser(tokenHash: string, now: Date, idleMs: number): Promise<SessionUser | null> {
    const session = await this.db.session.findUnique({ where: { tokenHash }, include: { user: { include: { tenant: { select: { suspendedAt: true } } } } } });
    const unusedMs = session ? now.getTime() - session.lastSeenAt.getTime() : 0;
    if (!session || session.expiresAt <= now || unusedMs >= idleMs || session.user.deactivatedAt) return null;
    if (unusedMs >= Math.min(LAST_SEEN_RESOLUTION_MS, idleMs / 4)) {
      await this.db.session.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } });
    }
    const { user } = session;
    return { id: user.id, role: user.role, tenantId: user.tenantId, tenantSuspended: Boolean(user.tenant?.suspendedAt) };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.session.deleteMany({ where: { tokenHash } });
  }

  /** Deletes the sessions that have ended, by expiry or idleness; answers how many. */
  async purgeEndedSessions(now: Date, idleSince: Date): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] } });
    return count;
  }
}
