import { queryRows, ServiceProcess, ServiceStack } from '@llmchain/testing';

export const ADMIN = { email: 'admin@llmchain.test', password: 'correct horse battery staple' };

export type Reply<T = any> = { status: number; body: T; text: string; contentType: string | null };

/** HTTP against one billing-service with an optional bearer token; the body is parsed when it is JSON. */
export class BillingApi {
  constructor(readonly service: ServiceProcess) {}

  async call<T = any>(method: string, path: string, token?: string | null, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.service.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const contentType = response.headers.get('content-type');
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = contentType?.includes('pdf') ? '' : bytes.toString('utf8');
    const parsed = contentType?.includes('json') && text ? JSON.parse(text) : contentType?.includes('pdf') ? bytes : text;
    return { status: response.status, body: parsed as T, text, contentType };
  }

  async loginAdmin(): Promise<string> {
    const reply = await this.call<{ token: string }>('POST', '/auth/login', null, ADMIN);
    if (reply.status !== 200) throw new Error(`admin login failed: ${reply.status} ${reply.text}`);
    return reply.body.token;
  }
}

/** Adds a billing-service whose bootstrap admin is ADMIN to a stack (started with the stack). */
export async function addBilling(stack: ServiceStack, extraEnv: Record<string, string> = {}): Promise<BillingApi> {
  return new BillingApi(await stack.add('billing-service', billingEnv(extraEnv)));
}

/** Another billing-service replica on the first one's database (added with addBilling and the same extraEnv). */
export async function addBillingReplica(stack: ServiceStack, extraEnv: Record<string, string> = {}): Promise<BillingApi> {
  return new BillingApi(await stack.addWorker('billing-service', 'main.ts', billingEnv(extraEnv)));
}

function billingEnv(extraEnv: Record<string, string>): Record<string, string> {
  return { BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', ...extraEnv };
}

/** A stack with one billing-service whose bootstrap admin is ADMIN. */
export async function startBilling(extraEnv: Record<string, string> = {}): Promise<{ stack: ServiceStack; api: BillingApi }> {
  const stack = new ServiceStack();
  const api = await addBilling(stack, extraEnv);
  await stack.startAll();
  return { stack, api };
}

export function billingRows<Row>(stack: ServiceStack, sql: string, values: unknown[] = []): Promise<Row[]> {
  return queryRows<Row>(stack.database('billing-service').url, sql, values);
}

/** A plan body: prompt/completion/training each with the given graduated tiers. */
export function planBody(overrides: Record<string, unknown> = {}) {
  const tiers = [
    { upToTokens: 1_000_000, unitPricePer1kMinor: 20 },
    { upToTokens: null, unitPricePer1kMinor: 10 },
  ];
  return {
    code: 'pro',
    name: 'Pro',
    currency: 'USD',
    monthlyFeeMinor: 3_000,
    includedTokens: 10_000,
    requestsPerMinute: 600,
    tokensPerMinute: 100_000,
    quotaMode: 'soft',
    prices: { prompt: tiers, completion: tiers, training: [{ upToTokens: null, unitPricePer1kMinor: 50 }] },
    ...overrides,
  };
}
