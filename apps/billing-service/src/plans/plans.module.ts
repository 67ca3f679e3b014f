import { Module } from '@nestjs/common';
import { PlansAdminController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

@Module({
  controllers: [PlansAdminController],
  providers: [PlansRepository, PlansService],
  exports: [PlansService, PlansRepository],
})
export class PlansModule {}
