/** A tenant's plan terms as the engine uses them. */
export interface TenantShare {
  tenantId: string;
  /** Its share of the engine's tokens when saturated, relative to the other tenants' weights. */
  weight: number;
  /** Sequences it may have in a model's batch at once; more wait in the queue. */
  maxSequences: number;
}

/**
 * Virtual-time cost of a token (the Virtual Token Counter of Sheng et al., "Fairness in Serving Large Language
 * Models", OSDI 2024): a prompt token is prefilled with many others in one run, a generated one takes a decode
 * step's share of its own, so it counts double.
 */
export const PROMPT_TOKEN_COST = 1;
export const GENERATED_TOKEN_COST = 2;

interface TenantState<J> {
  share: TenantShare;
  /** Its jobs in arrival order. */
  waiting: J[];
  /** Its jobs admitted to the batch and not finished. */
  running: number;
  /** Tokens served, each divided by the tenant's weight: who is furthest behind is served next. */
  virtualTokens: number;
}

/**
 * The queue in front of a model's batch, one FIFO per tenant, served by token-based weighted fair queuing: the next
 * job is the first of the tenant with the least weighted service so far (prompt and generated tokens, charged as they
 * are served), among the tenants under their concurrency limit. A tenant that was idle starts level with the least
 * served busy tenant, so idling banks no credit, and a new tenant with one stream is next in line against a tenant
 * whose flood has been generating. Tenants leave the table when idle, so it holds only busy ones.
 */
export class TenantFairQueue<J extends { share: TenantShare }> {
  private readonly tenants = new Map<string, TenantState<J>>();
  private waitingCount = 0;

  get size(): number {
    return this.waitingCount;
  }

  /** Every waiting job. */
  *waiting(): Iterable<J> {
    for (const tenant of this.tenants.values()) yield* tenant.waiting;
  }

  /** Per busy tenant: jobs waiting and running. */
  *occupancy(): Iterable<{ tenantId: string; waiting: number; running: number }> {
    for (const [tenantId, tenant] of this.tenants) yield { tenantId, waiting: tenant.waiting.length, running: tenant.running };
  }

  push(job: J): void {
    const tenant = this.tenants.get(job.share.tenantId) ?? this.join(job.share);
    tenant.share = job.share;
    tenant.waiting.push(job);
    this.waitingCount++;
  }

  /** Puts a job back at the head of its tenant's queue (preempted: it arrived before the others waiting). */
  pushFront(job: J): void {
    const tenant = this.tenants.get(job.share.tenantId) ?? this.join(job.share);
    tenant.waiting.unshift(job);
    this.waitingCount++;
  }

  /** Takes a waiting job out of the queue (cancelled); false if it was not waiting. */
  remove(job: J): boolean {
    const tenant = this.tenants.get(job.share.tenantId);
    const index = tenant?.waiting.indexOf(job) ?? -1;
    if (!tenant || index < 0) return false;
    tenant.waiting.splice(index, 1);
    this.waitingCount--;
    this.leaveIfIdle(job.share.tenantId, tenant);
    return true;
  }

  /** The job to admit next, left in the queue; undefined when every waiting tenant is at its concurrency limit. */
  peek(): J | undefined {
    let best: TenantState<J> | undefined;
    for (const tenant of this.tenants.values()) {
      if (tenant.waiting.length === 0 || tenant.running >= tenant.share.maxSequences) continue;
      // Level tenants: the one with fewer sequences in the batch (a newcomer, against a busy tenant it was levelled with).
      const ahead = !best || tenant.virtualTokens < best.virtualTokens || (tenant.virtualTokens === best.virtualTokens && tenant.running < best.running);
      if (ahead) best = tenant;
    }
    return best?.waiting[0];
  }

  /** Whether a tenant with nothing in the batch is waiting (its first sequence should not wait for a join point). */
  hasNewcomer(): boolean {
    for (const tenant of this.tenants.values()) if (tenant.running === 0 && tenant.waiting.length > 0) return true;
    return false;
  }

  /** Moves the job peek() returned into its tenant's running count. */
  admit(job: J): void {
    const tenant = this.tenants.get(job.share.tenantId) as TenantState<J>;
    tenant.waiting.shift();
    this.waitingCount--;
    tenant.running++;
  }

  /** A running job finished, failed or was cancelled. */
  release(job: J): void {
    const tenant = this.tenants.get(job.share.tenantId);
    if (!tenant) return;
    tenant.running--;
    this.leaveIfIdle(job.share.tenantId, tenant);
  }

  /** Counts tokens served to a tenant (cost units: PROMPT_TOKEN_COST, GENERATED_TOKEN_COST). */
  charge(tenantId: string, cost: number): void {
    const tenant = this.tenants.get(tenantId);
    if (tenant) tenant.virtualTokens += cost / tenant.share.weight;
  }

  private join(share: TenantShare): TenantState<J> {
    let least = Infinity;
    for (const tenant of this.tenants.values()) least = Math.min(least, tenant.virtualTokens);
    const tenant: TenantState<J> = { share, waiting: [], running: 0, virtualTokens: Number.isFinite(least) ? least : 0 };
    this.tenants.set(share.tenantId, tenant);
    return tenant;
  }

  private leaveIfIdle(tenantId: string, tenant: TenantState<J>): void {
    if (tenant.waiting.length === 0 && tenant.running === 0) this.tenants.delete(tenantId);
  }
}
