import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { ModelAliasesController } from './model-aliases.controller';
import { ModelAliasesRepository } from './model-aliases.repository';
import { ModelAliasesService } from './model-aliases.service';

@Module({
  imports: [ModelsModule],
  controllers: [ModelAliasesController],
  providers: [ModelAliasesRepository, ModelAliasesService],
})
export class ModelAliasesModule {}
