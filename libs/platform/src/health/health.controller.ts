import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DependencyIndicators } from './dependency-indicators';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyIndicators,
  ) {}

  /** The process is up and its event loop turns; says nothing about dependencies. */
  @Get('live')
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** 200 only when the database, Redis and Kafka all answer; 503 with the failing ones otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.dependencies.database(),
      () => this.dependencies.redisServer(),
      () => this.dependencies.kafkaCluster(),
    ]);
  }
}
