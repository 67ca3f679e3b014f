import { Inject, Injectable } from '@nestjs/common';
import { PlatformMetrics } from '@llmchain/platform';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { ModelRegistry } from '../models/model-registry.service';
import { registerEngineGauges } from './engine-gauges';
import { TenantLabels } from './tenant-labels';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The service's Prometheus metrics, in a registry of its own (served at the platform's /metrics). */
@Injectable()
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'serving_requests_total', help: 'Requests by endpoint and HTTP status', labelNames: ['endpoint', 'status'], registers: [this.registry] });
  readonly timeToFirstToken = new Histogram({ name: 'serving_time_to_first_token_seconds', help: 'From the request joining the model to its first generated token', labelNames: ['model'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly interTokenLatency = new Histogram({ name: 'serving_inter_token_latency_seconds', help: 'Between consecutive tokens of one sequence', labelNames: ['model'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly generatedTokens = new Counter({ name: 'serving_generated_tokens_total', help: 'Completion tokens generated (rate() gives tokens/s)', labelNames: ['model'], registers: [this.registry] });
  readonly promptTokens = new Counter({ name: 'serving_prompt_tokens_total', help: 'Prompt tokens prefilled', labelNames: ['model'], registers: [this.registry] });
  readonly tenantQueueTime = new Histogram({ name: 'serving_tenant_queue_seconds', help: "From a request's arrival in a model's queue to its joining the batch", labelNames: ['tenant'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly discardedPrefills = new Counter({
    name: 'serving_discarded_prefills_total',
    help: 'Requests started on an idle model before their admission was decided, then refused: their prefill was discarded unbilled',
    labelNames: ['model'],
    registers: [this.registry],
  });
  readonly tenantTokens = new Counter({ name: 'serving_tenant_tokens_total', help: 'Prompt and completion tokens served per tenant', labelNames: ['tenant', 'kind'], registers: [this.registry] });
  private readonly tenants: TenantLabels;

  constructor(models: ModelRegistry, @Inject(SERVING_CONFIG) config: ServingConfig, platformMetrics: PlatformMetrics) {
    this.tenants = new TenantLabels(config.METRICS_TENANT_LABELS);
    registerEngineGauges(this.registry, models, this.tenants);
    // Served at the platform's /metrics beside its process figures (process_cpu_seconds_total and friends: model
    // runs share this process's one thread with everything else).
    platformMetrics.include(this.registry);
    new Gauge({
      name: 'serving_queue_depth',
      help: 'Requests waiting to join a batch',
      labelNames: ['model'],
      registers: [this.registry],
      collect() {
        for (const loaded of models.loaded()) this.set({ model: loaded.record.name }, loaded.scheduler.queueDepth);
      },
    });
    new Gauge({
      name: 'serving_batch_size',
      help: 'Sequences in the running batch',
      labelNames: ['model'],
      registers: [this.registry],
      collect() {
        for (const loaded of models.loaded()) this.set({ model: loaded.record.name }, loaded.scheduler.batchSize);
      },
    });
  }

  /** The tenant's label value: its id, or "other" past METRICS_TENANT_LABELS tenants. */
  tenantLabel(tenantId: string): string {
    return this.tenants.of(tenantId);
  }
}
