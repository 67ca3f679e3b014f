import { Counter, Gauge, Registry } from 'prom-client';
import { ModelRegistry } from '../models/model-registry.service';
import { TenantLabels } from './tenant-labels';

/**
 * Figures read from the models' schedulers at each scrape: per tenant, its waiting and running sequences and the
 * key/value cache its running sequences hold (summed over models, tenants past the label cap under "other"); per
 * model, its prefix cache's size and what it saved, and the sequences its batch preempted (by reason).
 */
export function registerEngineGauges(registry: Registry, models: ModelRegistry, tenants: TenantLabels): void {
  const perTenant = () => {
    const sums = new Map<string, { waiting: number; running: number; kvBytes: number }>();
    for (const { scheduler, model } of models.loaded()) {
      const { nLayer, nKvHead, headDim } = model.shape;
      // Keys and values, fp32, every layer: what one cached position holds.
      const bytesPerToken = 2 * nLayer * nKvHead * headDim * Float32Array.BYTES_PER_ELEMENT;
      for (const tenant of scheduler.tenantOccupancy()) {
        const label = tenants.of(tenant.tenantId);
        const sum = sums.get(label) ?? { waiting: 0, running: 0, kvBytes: 0 };
        sum.waiting += tenant.waiting;
        sum.running += tenant.running;
        sum.kvBytes += tenant.cachedTokens * bytesPerToken;
        sums.set(label, sum);
      }
    }
    return sums;
  };
  new Gauge({
    name: 'serving_tenant_sequences',
    help: "A tenant's sequences waiting for and running in the models' batches",
    labelNames: ['tenant', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [tenant, sum] of perTenant()) {
        this.set({ tenant, state: 'waiting' }, sum.waiting);
        this.set({ tenant, state: 'running' }, sum.running);
      }
    },
  });
  new Gauge({
    name: 'serving_tenant_kv_cache_bytes',
    help: "Key/value cache held by a tenant's running sequences (prompt and generated positions)",
    labelNames: ['tenant'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [tenant, sum] of perTenant()) this.set({ tenant }, sum.kvBytes);
    },
  });
  new Gauge({
    name: 'serving_prefix_cache_bytes',
    help: 'Prompt-prefix keys and values a model keeps for reuse',
    labelNames: ['model'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { record, scheduler } of models.loaded()) if (scheduler.prefixCache) this.set({ model: record.name }, scheduler.prefixCache.stats.bytes);
    },
  });
  new Counter({
    name: 'serving_prefix_cache_prompt_tokens_total',
    help: 'Prompt tokens looked up in the prefix cache: hit (keys and values reused) or miss (computed)',
    labelNames: ['model', 'result'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { record, scheduler } of models.loaded()) {
        if (!scheduler.prefixCache) continue;
        const { hitTokens, missTokens } = scheduler.prefixCache.stats;
        this.inc({ model: record.name, result: 'hit' }, hitTokens);
        this.inc({ model: record.name, result: 'miss' }, missTokens);
      }
    },
  });
  new Counter({
    name: 'serving_preemptions_total',
    help: "Sequences a model's batch took out to resume later (their keys and values recomputed), by reason",
    labelNames: ['model', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { record, scheduler } of models.loaded()) {
        for (const [reason, count] of Object.entries(scheduler.preemptions)) this.inc({ model: record.name, reason }, count);
      }
    },
  });
}
