import { Module } from '@nestjs/common';
import { CorporaModule } from '../corpora/corpora.module';
import { ConnectorRunsRepository } from './connector-runs.repository';
import { ConnectorsController } from './connectors.controller';
import { CrawlQueue } from './crawl/crawl-queue';
import { CrawlJob } from './crawl/crawl.job';
import { CrawlsService } from './crawl/crawls.service';
import { ImportsService } from './imports.service';
import { ObjectStorageImportsService } from './object-storage/object-storage-imports.service';

@Module({
  imports: [CorporaModule],
  controllers: [ConnectorsController],
  providers: [ConnectorRunsRepository, ImportsService, ObjectStorageImportsService, CrawlsService, CrawlQueue, CrawlJob],
})
export class ConnectorsModule {}
