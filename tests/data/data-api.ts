import { TOPICS } from '@llmchain/contracts';
import { generateApiKeySecret } from '@llmchain/platform';
import { queryRows, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';

/** Small HTTP helpers for data-service tests: every call presents an API key as `Authorization: Bearer`. */
export type ApiResponse<T> = { status: number; body: T };

export function bearer(key: string | null): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const headers = bearer(key);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: parse(text) as T };
}

export async function uploadFile<T = Record<string, unknown>>(
  baseUrl: string,
  key: string,
  filename: string,
  content: Buffer | string,
  query = '',
  route = '/corpora',
): Promise<ApiResponse<T>> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  const response = await fetch(`${baseUrl}${route}${query}`, { method: 'POST', headers: bearer(key), body: form });
  return { status: response.status, body: parse(await response.text()) as T };
}

/** Publishes an event onto the stack's topics as the producing service would. */
async function publish(stack: ServiceStack, topic: string, data: object, key: string): Promise<void> {
  const event = { id: randomUUID(), type: topic, version: 1, occurredAt: new Date().toISOString(), producer: 'billing-service', data };
  const producer = testKafka('data-tests').producer();
  await producer.connect();
  try {
    await producer.send({ topic: `${stack.topicPrefix}${topic}`, acks: -1, messages: [{ key, value: JSON.stringify(event) }] });
  } finally {
    await producer.disconnect();
  }
}

async function waitForReplica(stack: ServiceStack, apiKeyId: string, done: (rows: { revoked: boolean }[]) => boolean, what: string) {
  const databaseUrl = stack.database('data-service').url;
  await waitUntil(
    () => queryRows<{ revoked: boolean }>(databaseUrl, 'SELECT revoked_at IS NOT NULL AS revoked FROM api_key_replicas WHERE id = $1', [apiKeyId]),
    done,
    { timeoutMs: 60_000, what },
  );
}

export type IssuedKey = { tenantId: string; apiKeyId: string; key: string };

/**
 * Issues a key the way billing does (apikey.created on the stack's topics, carrying only the hash) and waits until
 * data-service's replica has it.
 */
export async function issueKey(stack: ServiceStack, scopes: string[] = ['data']): Promise<IssuedKey> {
  const tenantId = `tenant-${randomUUID()}`;
  const apiKeyId = randomUUID();
  const { key, prefix, secretHash } = generateApiKeySecret();
  await publish(stack, TOPICS.apiKeyCreated, { tenantId, apiKeyId, prefix, secretHash, scopes, expiresAt: null }, tenantId);
  await waitForReplica(stack, apiKeyId, (rows) => rows.length === 1, `apikey.created ${apiKeyId} in data-service's replica`);
  return { tenantId, apiKeyId, key };
}

export async function revokeKey(stack: ServiceStack, { tenantId, apiKeyId }: IssuedKey): Promise<void> {
  await publish(stack, TOPICS.apiKeyRevoked, { tenantId, apiKeyId }, tenantId);
  await waitForReplica(stack, apiKeyId, (rows) => rows[0]?.revoked === true, `apikey.revoked ${apiKeyId} in data-service's replica`);
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
