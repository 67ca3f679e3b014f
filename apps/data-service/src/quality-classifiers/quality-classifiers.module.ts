import { Module } from '@nestjs/common';
import { AnnotationModule } from '../annotation/annotation.module';
import { QualityClassifiersController } from './quality-classifiers.controller';
import { QualityClassifiersRepository } from './quality-classifiers.repository';
import { QualityClassifiersService } from './quality-classifiers.service';

@Module({
  imports: [AnnotationModule],
  controllers: [QualityClassifiersController],
  providers: [QualityClassifiersRepository, QualityClassifiersService],
})
export class QualityClassifiersModule {}
