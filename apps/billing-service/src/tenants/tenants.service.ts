import { CountedListPage, ListQuery } from '@llmchain/platform';
import { Injectable, NotFoundException } from '@nestjs/common';
import { mapList } from '../common/list-page';
import { CreateTenantDto, UpdateTenantDto } from './tenants.dto';
import { TenantFilter, TenantsRepository } from './tenants.repository';
import { TenantView, tenantView } from './tenant-view';

@Injectable()
export class TenantsService {
  constructor(private readonly repository: TenantsRepository) {}

  async create(dto: CreateTenantDto): Promise<TenantView> {
    return tenantView(await this.repository.create(dto));
  }

  async list(filter: TenantFilter, query: ListQuery): Promise<CountedListPage<TenantView>> {
    return mapList(await this.repository.list(filter, query), tenantView);
  }

  async get(id: string): Promise<TenantView> {
    const tenant = await this.repository.find(id);
    if (!tenant) throw new NotFoundException(`tenant ${id} not found`);
    return tenantView(tenant);
  }

  /** Name and contact addresses; a null email clears it. */
  async update(id: string, dto: UpdateTenantDto): Promise<TenantView> {
    await this.get(id);
    return tenantView(await this.repository.update(id, dto));
  }
}
