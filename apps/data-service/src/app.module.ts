import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { AnnotationModule } from './annotation/annotation.module';
import { AuthModule } from './auth/auth.module';
import { CleaningModule } from './cleaning/cleaning.module';
import { DataServiceConfigModule } from './config/data-service-config.module';
import { CorporaModule } from './corpora/corpora.module';
import { DatasetsModule } from './datasets/datasets.module';
import { PrismaClient } from './generated/prisma/client';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'data-service', prismaClient: PrismaClient }),
    DataServiceConfigModule,
    AuthModule,
    CorporaModule,
    CleaningModule,
    DatasetsModule,
    AnnotationModule,
  ],
})
export class AppModule {}
