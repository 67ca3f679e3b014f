import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { BatchConsumers } from '../common/batch-consumers';
import { CreditsModule } from '../credits/credits.module';
import { QuotaModule } from '../quota/quota.module';
import { LedgerConsumer } from './ledger-consumer';
import { LedgerIngestionService } from './ledger-ingestion.service';
import { UsageLedgerRepository } from './usage-ledger.repository';

@Module({
  imports: [QuotaModule, CreditsModule, BudgetsModule],
  providers: [UsageLedgerRepository, LedgerIngestionService, BatchConsumers, LedgerConsumer],
  exports: [LedgerIngestionService],
})
export class LedgerModule {}
