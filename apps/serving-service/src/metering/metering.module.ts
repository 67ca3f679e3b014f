import { Module } from '@nestjs/common';
import { RequestPathSqlModule } from '../database/request-path-sql.module';
import { OrphanedUsageSettler } from './orphaned-usage-settler';
import { ServingInstance } from './serving-instance.service';
import { ServingInstancesRepository } from './serving-instances.repository';
import { UsageMeter } from './usage-meter.service';
import { UsageRecorder } from './usage-recorder.service';
import { UsageReservationsRepository } from './usage-reservations.repository';

/** Served tokens: reserved while a request runs, recorded with its usage event, settled after a crash. */
@Module({
  imports: [RequestPathSqlModule],
  providers: [UsageRecorder, UsageReservationsRepository, ServingInstancesRepository, ServingInstance, UsageMeter, OrphanedUsageSettler],
  exports: [UsageMeter, UsageRecorder, ServingInstance],
})
export class MeteringModule {}
