import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient } from '../generated/prisma/client';

/** Never the password hash. */
const USER_VIEW = { id: true, email: true, role: true, tenantId: true, createdAt: true, deactivatedAt: true } as const;

export type UserView = Prisma.UserGetPayload<{ select: typeof USER_VIEW }>;

export type Tx = Prisma.TransactionClient;

const USER_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

/** A tenant's users (a tenant id) or the platform admins (null). */
export type UserGroup = string | null;

const inGroup = (group: UserGroup): Prisma.UserWhereInput => (group ? { tenantId: group } : { role: 'admin' });

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  emailTaken(email: string) {
    return this.db.user.findUnique({ where: { email }, select: { id: true } });
  }

  create(data: { email: string; passwordHash: string; role: 'admin' | 'tenant'; tenantId: string | null }): Promise<UserView> {
    return this.db.user.create({ data, select: USER_VIEW });
  }

  list(group: UserGroup, query: ListQuery): Promise<CountedListPage<UserView>> {
    const where = inGroup(group);
    return countedKeysetPage(query, USER_ORDER, {
      count: () => this.db.user.count({ where }),
      find: (id) => this.find(group, id),
      rows: ({ after, orderBy, take }) => this.db.user.findMany({ where: { AND: [where, after] }, select: USER_VIEW, orderBy, take }),
    });
  }

  find(group: UserGroup, id: string, db: Tx = this.db): Promise<UserView | null> {
    return db.user.findFirst({ where: { AND: [inGroup(group), { id }] }, select: USER_VIEW });
  }

  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn);
  }

  update(id: string, data: Prisma.UserUpdateInput, db: Tx = this.db): Promise<UserView> {
    return db.user.update({ where: { id }, data, select: USER_VIEW });
  }

  async endSessions(tx: Tx, userId: string): Promise<void> {
    await tx.session.deleteMany({ where: { userId } });
  }

  /** Sessions go with the user. */
  async delete(tx: Tx, id: string): Promise<void> {
    await tx.user.delete({ where: { id } });
  }

  /** The active admins' ids, locked until the transaction ends: two admins removing each other at once take turns. */
  async lockActiveAdmins(tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM users WHERE role = 'admin' AND deactivated_at IS NULL FOR UPDATE`);
    return rows.map((r) => r.id);
  }
}
