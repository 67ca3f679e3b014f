import { ApiKeyReplicaAuthModule, PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { AnnotationModule } from './annotation/annotation.module';
import { CleaningModule } from './cleaning/cleaning.module';
import { ContaminationModule } from './contamination/contamination.module';
import { DATA_SERVICE_CONFIG, loadDataServiceConfig } from './config/data-service-config';
import { ConnectorsModule } from './connectors/connectors.module';
import { CorporaModule } from './corpora/corpora.module';
import { DatasetsModule } from './datasets/datasets.module';
import { PrismaClient } from './generated/prisma/client';
import { QualityClassifiersModule } from './quality-classifiers/quality-classifiers.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'data-service', prismaClient: PrismaClient, serviceConfig: { token: DATA_SERVICE_CONFIG, load: loadDataServiceConfig }, blobStore: true }),
    ApiKeyReplicaAuthModule,
    CorporaModule,
    CleaningModule,
    DatasetsModule,
    AnnotationModule,
    ConnectorsModule,
    QualityClassifiersModule,
    ContaminationModule,
  ],
})
export class AppModule {}
