import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export type SessionUser = { id: string; role: string; tenantId: string | null };

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
      update: { passwordHash, role: 'admin', tenantId: null },
    });
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.session.create({ data: { tokenHash, userId, expiresAt } });
  }

  async findLiveSessionUser(tokenHash: string, now: Date): Promise<SessionUser | null> {
    const session = await this.db.session.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!session || session.expiresAt <= now) return null;
    return { id: session.user.id, role: session.user.role, tenantId: session.user.tenantId };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.session.deleteMany({ where: { tokenHash } });
  }
}
