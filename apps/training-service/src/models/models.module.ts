import { Module } from '@nestjs/common';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelStorageQuota } from './model-storage-quota';

@Module({
  controllers: [ModelsController],
  providers: [ModelsRepository, ModelStorageQuota],
  exports: [ModelsRepository, ModelStorageQuota],
})
export class ModelsModule {}
