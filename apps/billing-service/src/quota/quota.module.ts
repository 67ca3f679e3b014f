import { Module } from '@nestjs/common';
import { QuotaAdminController, QuotaTenantController } from './quota.controller';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

@Module({
  controllers: [QuotaAdminController, QuotaTenantController],
  providers: [QuotaRepository, QuotaService],
  exports: [QuotaService],
})
export class QuotaModule {}
