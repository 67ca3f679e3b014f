/** Small HTTP helpers for data-service tests: every call names its tenant in the interim x-tenant-id header. */
export type ApiResponse<T> = { status: number; body: T };

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  tenantId: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = tenantId ? { 'x-tenant-id': tenantId } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: parse(text) as T };
}

export async function uploadFile<T = Record<string, unknown>>(
  baseUrl: string,
  tenantId: string,
  filename: string,
  content: Buffer | string,
  query = '',
): Promise<ApiResponse<T>> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  const response = await fetch(`${baseUrl}/corpora${query}`, { method: 'POST', headers: { 'x-tenant-id': tenantId }, body: form });
  return { status: response.status, body: parse(await response.text()) as T };
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
