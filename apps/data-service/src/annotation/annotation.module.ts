import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { AnnotationController } from './annotation.controller';
import { AnnotationRepository } from './annotation.repository';
import { AnnotationService } from './annotation.service';

@Module({
  imports: [DatasetsModule],
  controllers: [AnnotationController],
  providers: [AnnotationRepository, AnnotationService],
  exports: [AnnotationRepository],
})
export class AnnotationModule {}
