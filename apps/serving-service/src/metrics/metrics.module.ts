import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { MetricsController } from './metrics.controller';
import { RequestCounterMiddleware } from './request-counter.middleware';
import { ServingMetrics } from './serving-metrics';

/** Prometheus metrics of the API and the engine, and the operator-only endpoint that serves them. */
@Module({
  imports: [ModelsModule],
  controllers: [MetricsController],
  providers: [ServingMetrics],
  exports: [ServingMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestCounterMiddleware).forRoutes('v1/*path');
  }
}
