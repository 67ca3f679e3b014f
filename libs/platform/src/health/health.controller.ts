import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { isOperator, OperatorRequest } from '../operator/operator-access';
import { DependencyIndicators } from './dependency-indicators';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyIndicators,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** The process is up and its event loop turns; says nothing about dependencies. */
  @Get('live')
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * 200 only when the database, Redis and Kafka all answer; 503 otherwise. A load balancer needs the status only;
   * which dependency failed and why is for operators (see isOperator), since it describes the service's insides.
   */
  @Get('ready')
  async ready(@Req() req: OperatorRequest) {
    const result = await this.health
      .check([() => this.dependencies.database(), () => this.dependencies.redisServer(), () => this.dependencies.kafkaCluster()])
      .catch((error: unknown) => {
        if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
        throw error;
      });
    const body = isOperator(req, this.config.OPERATOR_TOKEN) ? result : { status: result.status };
    if (result.status !== 'ok') throw new ServiceUnavailableException(body);
    return body;
  }
}
