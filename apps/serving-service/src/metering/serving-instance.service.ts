import { ROOT_LOGGER } from '@llmchain/platform';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { ServingInstancesRepository } from './serving-instances.repository';

/**
 * This process's identity as owner of usage reservations, kept alive by a heartbeat in serving_instances: once the
 * heartbeat stops (SIGKILL, a lost host), other processes settle its reservations.
 */
@Injectable()
export class ServingInstance implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly id = randomUUID();
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly instances: ServingInstancesRepository,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'serving-instance', instanceId: this.id });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.instances.register(this.id);
    this.timer = setInterval(
      () => void this.instances.heartbeat(this.id).catch((err: Error) => this.logger.warn({ err }, 'heartbeat failed')),
      this.config.INSTANCE_HEARTBEAT_MS,
    );
    this.timer.unref();
  }

  /** After the running requests were settled (InferenceService's destroy hook): nothing of ours is left to sweep. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.instances.remove(this.id).catch((err: Error) => this.logger.warn({ err }, 'could not deregister'));
  }
}
