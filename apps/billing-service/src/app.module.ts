import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { PrismaClient } from './generated/prisma/client';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'billing-service', prismaClient: PrismaClient })],
})
export class AppModule {}
