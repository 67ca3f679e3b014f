import { GENERATED_TOKEN_COST, TenantFairQueue, TenantShare } from './tenant-fair-queue';

interface TestJob {
  name: string;
  share: TenantShare;
}

const share = (tenantId: string, weight = 1, maxSequences = 64): TenantShare => ({ tenantId, weight, maxSequences });
const job = (name: string, tenant: TenantShare): TestJob => ({ name, share: tenant });

/** Admits `count` jobs in the queue's order, charging each `cost` as if it had been served that much. */
function serve(queue: TenantFairQueue<TestJob>, count: number, cost: number): string[] {
  const order: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = queue.peek();
    if (!next) break;
    queue.admit(next);
    queue.charge(next.share.tenantId, cost);
    order.push(next.name);
  }
  return order;
}

describe('TenantFairQueue', () => {
  it('serves tenants in proportion to their weights, first-come within a tenant', () => {
    const queue = new TenantFairQueue<TestJob>();
    const heavy = share('heavy', 3);
    const light = share('light', 1);
    for (let i = 0; i < 30; i++) queue.push(job(`h${i}`, heavy));
    for (let i = 0; i < 30; i++) queue.push(job(`l${i}`, light));
    const order = serve(queue, 40, 10);
    // Weight 3 against 1: three of every four admissions are heavy's.
    expect(order.filter((name) => name.startsWith('h'))).toHaveLength(30);
    expect(order.filter((name) => name.startsWith('l'))).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9']);
    expect(queue.size).toBe(20);
  });

  it('puts a newly arriving tenant level with the busy ones, ahead of a tenant whose sequences keep generating', () => {
    const queue = new TenantFairQueue<TestJob>();
    const flood = share('flood');
    for (let i = 0; i < 64; i++) queue.push(job(`f${i}`, flood));
    serve(queue, 16, 5);
    // The flood's 16 running sequences generate a token each per step.
    for (let step = 0; step < 10; step++) queue.charge('flood', 16 * GENERATED_TOKEN_COST);
    const small = share('small');
    queue.push(job('s0', small));
    expect(queue.peek()?.name).toBe('s0');
    queue.admit(queue.peek() as TestJob);
    // Idle time banks no credit: a tenant that left and comes back starts level with the least served busy tenant.
    queue.release({ name: 's0', share: small });
    queue.push(job('s1', small));
    queue.charge('small', 1);
    expect(queue.peek()?.name).toBe('f16');
  });

  it('skips a tenant at its concurrency limit until one of its sequences ends', () => {
    const queue = new TenantFairQueue<TestJob>();
    const capped = share('capped', 10, 2);
    const other = share('other', 1);
    for (let i = 0; i < 5; i++) queue.push(job(`c${i}`, capped));
    queue.push(job('o0', other));
    expect(serve(queue, 5, 1)).toEqual(['c0', 'o0', 'c1']);
    expect(queue.peek()).toBeUndefined();
    queue.release({ name: 'c0', share: capped });
    expect(queue.peek()?.name).toBe('c2');
    expect([...queue.occupancy()]).toEqual([
      { tenantId: 'capped', waiting: 3, running: 1 },
      { tenantId: 'other', waiting: 0, running: 1 },
    ]);
  });

  it('forgets a tenant once it has nothing waiting or running, and removes a cancelled job', () => {
    const queue = new TenantFairQueue<TestJob>();
    const a = share('a');
    const waiting = job('a0', a);
    queue.push(waiting);
    expect(queue.remove(waiting)).toBe(true);
    expect(queue.remove(waiting)).toBe(false);
    expect(queue.size).toBe(0);
    expect([...queue.occupancy()]).toEqual([]);
  });
});
