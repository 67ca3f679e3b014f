import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { UsageAdminController, UsageTenantController } from './usage.controller';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [TenantsModule],
  controllers: [UsageAdminController, UsageTenantController],
  providers: [UsageRepository, UsageService],
})
export class UsageModule {}
