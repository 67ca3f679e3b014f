import { setTimeout as sleep } from 'node:timers/promises';
import { HttpClient } from './http-client';

export type DemoTenant = { tenantId: string; name: string; key: string; planCode: string };

/** The demo plan: a monthly fee, some included tokens, graduated prices, limits generous enough for the demo. */
export function demoPlan(code: string) {
  return {
    code,
    name: 'Demo',
    currency: 'USD',
    monthlyFeeMinor: 4_900,
    includedTokens: 50_000,
    requestsPerMinute: 600,
    tokensPerMinute: 1_000_000,
    quotaMode: 'soft',
    prices: {
      prompt: [{ upToTokens: 1_000_000, unitPricePer1kMinor: 15 }, { upToTokens: null, unitPricePer1kMinor: 10 }],
      completion: [{ upToTokens: 1_000_000, unitPricePer1kMinor: 30 }, { upToTokens: null, unitPricePer1kMinor: 20 }],
      training: [{ upToTokens: null, unitPricePer1kMinor: 5 }],
    },
  };
}

/**
 * What an admin does for a new customer, through billing's admin API: a plan, a tenant subscribed to it, and an API key
 * for serving, data and training. Then waits until every service has the key from apikey.created.
 */
export async function setUpTenant(
  billing: HttpClient,
  admin: { email: string; password: string },
  /** Each service that authenticates tenants, with a route that needs the key. */
  services: { client: HttpClient; probe: string }[],
  label: string,
): Promise<DemoTenant> {
  const { token } = await billing.post<{ token: string }>('/auth/login', admin);
  const asAdmin = billing.withToken(token);
  const planCode = `demo-${label}`;
  const plan = await asAdmin.post<{ id: string }>('/admin/plans', demoPlan(planCode));
  const name = `Demo tenant ${label}`;
  const tenant = await asAdmin.post<{ id: string }>('/admin/tenants', { name });
  await asAdmin.put(`/admin/tenants/${tenant.id}/subscription`, { planId: plan.id });
  const { key } = await asAdmin.post<{ key: string }>(`/admin/tenants/${tenant.id}/api-keys`, {
    name: 'main job',
    scopes: ['serving', 'data', 'training'],
  });
  await Promise.all(services.map(({ client, probe }) => waitForKey(client.withToken(key), probe)));
  return { tenantId: tenant.id, name, key, planCode };
}

/** A key works once the service's replica has it; 401 until then. */
async function waitForKey(service: HttpClient, probe: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await service.get(probe);
      return;
    } catch (error) {
      if (!/answered 401/.test((error as Error).message) || Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}
