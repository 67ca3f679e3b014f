import { Module } from '@nestjs/common';
import { BackgroundLanes } from './background-lanes.service';

/** The generation engine's process-wide pieces (the per-model schedulers live with each loaded model). */
@Module({
  providers: [BackgroundLanes],
  exports: [BackgroundLanes],
})
export class EngineModule {}
