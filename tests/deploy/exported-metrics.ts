import { PlatformMetrics, TopicNamespace } from '@llmchain/platform';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { Histogram, Summary } from 'prom-client';
import { loadServingConfig } from '../../apps/serving-service/src/config/serving-config';
import type { ModelRegistry } from '../../apps/serving-service/src/models/model-registry.service';
import { ServingMetrics } from '../../apps/serving-service/src/metrics/serving-metrics.service';

/** A metric a scrape shows, with the labels its samples carry (le on a histogram's buckets, quantile on a summary's). */
export type ExportedMetric = { name: string; labels: Set<string> };

/** What only a scrape touches; building the registries must not, and this says so if it ever does. */
const notTouchedUntilScraped = <T extends object>(what: string) =>
  new Proxy({} as T, {
    get: (_, property) => {
      throw new Error(`${what}.${String(property)} was used while only registering metrics`);
    },
  });

/**
 * The metrics the services export, read from the same registries their /metrics serves (built as the services build
 * them; nothing is scraped, so no database, broker or model is needed): the platform's, which every service and
 * worker serves, and serving-service's own, which it includes.
 */
export function exportedMetrics(): Map<string, ExportedMetric> {
  const platform = new PlatformMetrics(
    'serving-service',
    notTouchedUntilScraped('database'),
    new Kafka({ clientId: 'metric-names', brokers: ['127.0.0.1:1'] }),
    new TopicNamespace(''),
    pino({ enabled: false }),
  );
  // The settings a serving process boots with; only METRICS_TENANT_LABELS (its default) shapes the metrics.
  const config = loadServingConfig({ PORT: '3003', DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused', REDIS_URL: 'redis://127.0.0.1:1', KAFKA_BROKERS: '127.0.0.1:1' });
  new ServingMetrics(notTouchedUntilScraped<ModelRegistry>('models'), config, platform);
  const exported = new Map<string, ExportedMetric>();
  for (const metric of platform.registries().flatMap((registry) => registry.getMetricsAsArray())) {
    const { name, labelNames = [] } = metric as unknown as { name: string; labelNames?: string[] };
    const labels = new Set(labelNames);
    if (metric instanceof Histogram) {
      exported.set(`${name}_bucket`, { name: `${name}_bucket`, labels: new Set([...labels, 'le']) });
      for (const suffix of ['_sum', '_count']) exported.set(name + suffix, { name: name + suffix, labels });
    } else if (metric instanceof Summary) {
      exported.set(name, { name, labels: new Set([...labels, 'quantile']) });
      for (const suffix of ['_sum', '_count']) exported.set(name + suffix, { name: name + suffix, labels });
    } else {
      exported.set(name, { name, labels });
    }
  }
  return exported;
}
