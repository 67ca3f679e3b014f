import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { hashPassword } from '../auth/password-hasher';
import { TenantsRepository } from './tenants.repository';

@Injectable()
export class TenantsService {
  constructor(private readonly repository: TenantsRepository) {}

  create(name: string) {
    return this.repository.create(name);
  }

  list() {
    return this.repository.list();
  }

  async get(id: string) {
    const tenant = await this.repository.find(id);
    if (!tenant) throw new NotFoundException(`tenant ${id} not found`);
    return tenant;
  }

  /** A tenant user (tenantId given) or a platform admin (tenantId null). */
  async createUser(tenantId: string | null, email: string, password: string) {
    if (tenantId) await this.get(tenantId);
    if (await this.repository.emailTaken(email)) throw new ConflictException(`a user with email ${email} exists`);
    return this.repository.createUser({ email, passwordHash: await hashPassword(password), role: tenantId ? 'tenant' : 'admin', tenantId });
  }

  async listUsers(tenantId: string | null) {
    if (tenantId) await this.get(tenantId);
    return this.repository.listUsers(tenantId);
  }
}
