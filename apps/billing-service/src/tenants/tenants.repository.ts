import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

const USER_VIEW = { id: true, email: true, role: true, tenantId: true, createdAt: true } as const;

@Injectable()
export class TenantsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  create(name: string) {
    return this.db.tenant.create({ data: { name } });
  }

  list() {
    return this.db.tenant.findMany({ orderBy: { createdAt: 'asc' } });
  }

  find(id: string) {
    return this.db.tenant.findUnique({ where: { id } });
  }

  emailTaken(email: string) {
    return this.db.user.findUnique({ where: { email }, select: { id: true } });
  }

  createUser(data: { email: string; passwordHash: string; role: 'admin' | 'tenant'; tenantId: string | null }) {
    return this.db.user.create({ data, select: USER_VIEW });
  }

  listUsers(tenantId: string | null) {
    return this.db.user.findMany({ where: tenantId ? { tenantId } : { role: 'admin' }, select: USER_VIEW, orderBy: { createdAt: 'asc' } });
  }
}
