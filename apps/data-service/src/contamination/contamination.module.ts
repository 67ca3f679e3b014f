import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ContaminationController } from './contamination.controller';
import { ContaminationRepository } from './contamination.repository';
import { ContaminationService } from './contamination.service';

@Module({
  imports: [DatasetsModule],
  controllers: [ContaminationController],
  providers: [ContaminationRepository, ContaminationService],
})
export class ContaminationModule {}
