import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { PlatformUsageController } from './platform-usage.controller';
import { PlatformUsageRepository } from './platform-usage.repository';
import { PlatformUsageService } from './platform-usage.service';
import { UsageAdminController, UsageTenantController } from './usage.controller';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [TenantsModule],
  controllers: [UsageAdminController, UsageTenantController, PlatformUsageController],
  providers: [UsageRepository, UsageService, PlatformUsageRepository, PlatformUsageService],
})
export class UsageModule {}
