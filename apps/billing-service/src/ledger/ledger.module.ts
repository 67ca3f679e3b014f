import { Module } from '@nestjs/common';
import { BatchConsumers } from '../common/batch-consumers';
import { QuotaModule } from '../quota/quota.module';
import { LedgerConsumer } from './ledger-consumer';
import { LedgerIngestionService } from './ledger-ingestion.service';
import { UsageLedgerRepository } from './usage-ledger.repository';

@Module({
  imports: [QuotaModule],
  providers: [UsageLedgerRepository, LedgerIngestionService, BatchConsumers, LedgerConsumer],
  exports: [LedgerIngestionService],
})
export class LedgerModule {}
