import { Module } from '@nestjs/common';
import { CorporaController } from './corpora.controller';
import { CorporaRepository } from './corpora.repository';
import { CorporaService } from './corpora.service';

@Module({
  controllers: [CorporaController],
  providers: [CorporaRepository, CorporaService],
  exports: [CorporaRepository, CorporaService],
})
export class CorporaModule {}
