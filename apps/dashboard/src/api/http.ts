import { ApiError } from './api-error';

export type Service = 'billing' | 'data' | 'training' | 'serving';

/** The OpenAI-style page that data and training services answer lists with (`?limit=&after=<last_id>`). */
export type ListPage<T> = { object: 'list'; data: T[]; has_more: boolean; first_id?: string | null; last_id?: string | null; total?: number };

/** Billing's admin lists answer pages that also say how many items the whole list has. */
export type CountedPage<T> = ListPage<T> & { total: number };

/** The largest page the services serve. */
export const MAX_PAGE_SIZE = 100;

/**
 * Every item of a paged list, read a page of 100 at a time: for the few views that need a whole list (the
 * subscription in force among a tenant's history, the plans on offer in a select).
 */
export async function allPages<T>(load: (limit: number, after?: string) => Promise<ListPage<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await load(MAX_PAGE_SIZE, after);
    items.push(...page.data);
    after = page.last_id ?? undefined;
    more = page.has_more && after !== undefined;
  }
  return items;
}

export type RequestOptions = {
  method?: string;
  body?: unknown;
  token?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Sent as Idempotency-Key: a retried request returns what the first one created. */
  idempotencyKey?: string;
};

/** The dashboard server proxies /api/<service>/ to each service, so every call is same-origin. */
export function apiUrl(service: Service, path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const search = params.toString();
  return `/api/${service}${path}${search ? `?${search}` : ''}`;
}

export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function send(service: Service, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(options.token) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(apiUrl(service, path, options.query), {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) throw await ApiError.from(response);
  return response;
}

export async function requestJson<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(service, path, options);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
