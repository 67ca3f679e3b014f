import { OperatorGuard } from '@llmchain/platform';
import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ServingMetrics } from './serving-metrics';

/** For operators only: label values name tenants' models, and the process's insides are nobody else's business. */
@Controller('metrics')
@UseGuards(OperatorGuard)
export class MetricsController {
  constructor(private readonly metrics: ServingMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
