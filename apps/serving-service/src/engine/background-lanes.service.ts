import { Inject, Injectable } from '@nestjs/common';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { BackgroundLane } from './background-lane';
import { BatchScheduler } from './batch-scheduler';

/** One background lane per model scheduler, made on first use. */
@Injectable()
export class BackgroundLanes {
  private readonly lanes = new Map<BatchScheduler, BackgroundLane>();

  constructor(@Inject(SERVING_CONFIG) private readonly config: ServingConfig) {}

  of(scheduler: BatchScheduler): BackgroundLane {
    let lane = this.lanes.get(scheduler);
    if (!lane) this.lanes.set(scheduler, (lane = new BackgroundLane(scheduler, this.config.MAX_BATCH_SIZE)));
    return lane;
  }

  abortAll(reason: Error): void {
    for (const lane of this.lanes.values()) lane.abortAll(reason);
  }
}
