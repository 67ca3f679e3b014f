import { Module } from '@nestjs/common';
import { CorporaModule } from '../corpora/corpora.module';
import { ConnectorRunsRepository } from './connector-runs.repository';
import { ConnectorsController } from './connectors.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [CorporaModule],
  controllers: [ConnectorsController],
  providers: [ConnectorRunsRepository, ImportsService],
})
export class ConnectorsModule {}
