import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { RequestCounterMiddleware } from './request-counter.middleware';
import { ServingMetrics } from './serving-metrics.service';

/** Prometheus metrics of the API and the engine, served at the platform's operator-only /metrics beside its own. */
@Module({
  imports: [ModelsModule],
  providers: [ServingMetrics],
  exports: [ServingMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestCounterMiddleware).forRoutes('v1/*path');
  }
}
