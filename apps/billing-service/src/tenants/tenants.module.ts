import { Module } from '@nestjs/common';
import { TenantLifecycleService } from './tenant-lifecycle.service';
import { TenantsAdminController, TenantSelfController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantsAdminController, TenantSelfController],
  providers: [TenantsRepository, TenantsService, TenantLifecycleService],
  exports: [TenantsService],
})
export class TenantsModule {}
