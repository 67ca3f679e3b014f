import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { AliasResolver } from './alias-resolver.service';
import { ModelAliasConsumer } from './model-alias.consumer';
import { ServedAliasesRepository } from './served-aliases.repository';

/** Tenants' model aliases: recorded from model.alias.changed, resolved to a version per request. */
@Module({
  imports: [ModelsModule],
  controllers: [ModelAliasConsumer],
  providers: [ServedAliasesRepository, AliasResolver],
  exports: [AliasResolver],
})
export class AliasesModule {}
