import { Module } from '@nestjs/common';
import { MeteringModule } from '../metering/metering.module';
import { ModelDirectorySource } from './model-directory-source';
import { ModelRegistry } from './model-registry.service';
import { ModelsConsumer } from './models.consumer';
import { ModelsRepository } from './models.repository';

/** The models this process serves: registered from model.registered events, loaded from the blob store. */
@Module({
  imports: [MeteringModule],
  controllers: [ModelsConsumer],
  providers: [ModelsRepository, ModelDirectorySource, ModelRegistry],
  exports: [ModelRegistry, ModelsRepository],
})
export class ModelsModule {}
