import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { OperatorGuard } from '../operator/operator.guard';
import { PlatformMetrics } from './platform-metrics';

/** For operators only: label values name routes and topics, and the process's insides are nobody else's business. */
@Controller('metrics')
@UseGuards(OperatorGuard)
export class MetricsController {
  constructor(private readonly metrics: PlatformMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
