import { Module } from '@nestjs/common';
import { AnnotationModule } from '../annotation/annotation.module';
import { AppliedQualityClassifier } from './applied-quality-classifier';
import { QualityClassifiersController } from './quality-classifiers.controller';
import { QualityClassifiersRepository } from './quality-classifiers.repository';
import { QualityClassifiersService } from './quality-classifiers.service';

@Module({
  imports: [AnnotationModule],
  controllers: [QualityClassifiersController],
  providers: [QualityClassifiersRepository, QualityClassifiersService, AppliedQualityClassifier],
  exports: [AppliedQualityClassifier],
})
export class QualityClassifiersModule {}
