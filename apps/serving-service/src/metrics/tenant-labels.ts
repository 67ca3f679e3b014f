/** The label for tenants past the cap. */
export const OTHER_TENANTS = 'other';

/**
 * Tenant ids as Prometheus label values, a bounded set: the first `cap` tenants seen keep their id for the life of
 * the process (their series stay continuous), every later one is counted under "other". Each label value is a
 * series per metric in every scrape, so an unbounded set would grow the scrape and the time-series database without
 * limit.
 */
export class TenantLabels {
  private readonly labelled = new Set<string>();

  constructor(private readonly cap: number) {}

  of(tenantId: string): string {
    if (this.labelled.has(tenantId)) return tenantId;
    if (this.labelled.size >= this.cap) return OTHER_TENANTS;
    this.labelled.add(tenantId);
    return tenantId;
  }
}
