import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export type SessionUser = { id: string; role: string; tenantId: string | null; tenantSuspended: boolean };

@Injectable()
export class AuthRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  findUserByEmail(email: string) {
    return this.db.user.findUnique({ where: { email } });
  }

  async upsertAdmin(email: string, passwordHash: string): Promise<void> {
    await this.db.user.upsert({
      where: { email },
      create: { email, passwordHash, role: 'admin' },
      update: { passwordHash, role: 'admin', tenantId: null, deactivatedAt: null },
    });
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.session.create({ data: { tokenHash, userId, expiresAt } });
  }

  /** The session's user while the session is live and the user active. */
  async findLiveSessionUser(tokenHash: string, now: Date): Promise<SessionUser | null> {
    const session = await this.db.session.findUnique({ where: { tokenHash }, include: { user: { include: { tenant: { select: { suspendedAt: true } } } } } });
    if (!session || session.expiresAt <= now || session.user.deactivatedAt) return null;
    const { user } = session;
    return { id: user.id, role: user.role, tenantId: user.tenantId, tenantSuspended: Boolean(user.tenant?.suspendedAt) };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.session.deleteMany({ where: { tokenHash } });
  }
}
