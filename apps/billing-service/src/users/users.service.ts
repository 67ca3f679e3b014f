import { CountedListPage, ListQuery } from '@llmchain/platform';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { hashPassword } from '../common/password-hasher';
import { Prisma } from '../generated/prisma/client';
import { TenantsService } from '../tenants/tenants.service';
import { ResetPasswordDto, UpdateUserDto } from './users.dto';
import { Tx, UserGroup, UsersRepository, UserView } from './users.repository';

/**
 * People who log in: a tenant's users (group = the tenant id) and the platform admins (group = null). Deactivating,
 * deleting or setting a new password ends a user's sessions and, for a tenant user, revokes the API keys they minted
 * (a stolen session's keys must not outlive it). Keys an admin issued belong to the tenant, not to the admin, and stay.
 * An admin cannot deactivate or delete themselves, so the platform always keeps an active admin.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly tenants: TenantsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async create(group: UserGroup, email: string, password: string): Promise<UserView> {
    await this.groupExists(group);
    if (await this.repository.emailTaken(email)) throw new ConflictException(`a user with email ${email} exists`);
    return this.uniqueEmail(email, async () =>
      this.repository.create({ email, passwordHash: await hashPassword(password), role: group ? 'tenant' : 'admin', tenantId: group }),
    );
  }

  async list(group: UserGroup, query: ListQuery): Promise<CountedListPage<UserView>> {
    await this.groupExists(group);
    return this.repository.list(group, query);
  }

  async get(group: UserGroup, id: string, db?: Tx): Promise<UserView> {
    await this.groupExists(group);
    const user = await this.repository.find(group, id, db);
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return user;
  }

  async update(group: UserGroup, id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.get(group, id);
    if (user.email === dto.email) return user;
    return this.uniqueEmail(dto.email, () => this.repository.update(id, { email: dto.email }));
  }

  deactivate(group: UserGroup, id: string, callerId: string): Promise<UserView> {
    return this.removing(group, id, callerId, 'deactivate', async (tx, user) => {
      if (user.deactivatedAt) return user;
      await this.endAccess(tx, group, id);
      return this.repository.update(id, { deactivatedAt: new Date() }, tx);
    });
  }

  async reactivate(group: UserGroup, id: string): Promise<UserView> {
    const user = await this.get(group, id);
    return user.deactivatedAt ? this.repository.update(id, { deactivatedAt: null }) : user;
  }

  async delete(group: UserGroup, id: string, callerId: string): Promise<void> {
    await this.removing(group, id, callerId, 'delete', async (tx) => {
      await this.endAccess(tx, group, id);
      await this.repository.delete(tx, id);
    });
  }

  /** The new password, or one generated here and answered only in this response; the user's sessions end. */
  async resetPassword(group: UserGroup, id: string, dto: ResetPasswordDto): Promise<{ user: UserView; generatedPassword: string | null }> {
    await this.get(group, id);
    const generatedPassword = dto.password ? null : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(dto.password ?? generatedPassword!);
    const user = await this.repository.transaction(async (tx) => {
      await this.endAccess(tx, group, id);
      return this.repository.update(id, { passwordHash }, tx);
    });
    return { user, generatedPassword };
  }

  /**
   * Deactivation and deletion. An admin acting on admins must be active and not the target, so the caller always
   * remains; the active admins stay locked meanwhile, so two admins removing each other at once take turns and the
   * second finds itself removed.
   */
  private async removing<R>(group: UserGroup, id: string, callerId: string, action: string, change: (tx: Tx, user: UserView) => Promise<R>): Promise<R> {
    await this.groupExists(group);
    return this.repository.transaction(async (tx) => {
      const user = await this.get(group, id, tx);
      if (group === null) {
        if (id === callerId) throw new ConflictException(`you cannot ${action} your own account: another admin can`);
        if (!(await this.repository.lockActiveAdmins(tx)).includes(callerId)) throw new ConflictException(`your account was deactivated meanwhile: you cannot ${action} admins`);
      }
      return change(tx, user);
    });
  }

  /** The user's sessions end and, for a tenant user, the keys they minted are revoked, in the same transaction. */
  private async endAccess(tx: Tx, group: UserGroup, id: string): Promise<void> {
    await this.repository.endSessions(tx, id);
    if (group !== null) await this.apiKeys.revokeMintedByUser(tx, id);
  }

  private async groupExists(group: UserGroup): Promise<void> {
    if (group) await this.tenants.get(group);
  }

  /** Two requests taking the same email at once: the unique index settles it, and the loser gets the same 409. */
  private async uniqueEmail<R>(email: string, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ConflictException(`a user with email ${email} exists`);
      throw error;
    }
  }
}
