/** A failed call, with the service's own message: the main job prints it and stops. */
export class ChainError extends Error {}

/** JSON over HTTP to one service, with an optional bearer token. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  withToken(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token);
  }

  get<T>(route: string): Promise<T> {
    return this.request('GET', route);
  }

  post<T>(route: string, body?: unknown): Promise<T> {
    return this.request('POST', route, body);
  }

  put<T>(route: string, body?: unknown): Promise<T> {
    return this.request('PUT', route, body);
  }

  /** Sends a prepared body (multipart uploads) as it is. */
  async send<T>(method: string, route: string, body: FormData): Promise<T> {
    return this.parse(method, route, await this.fetch(method, route, body, {}));
  }

  async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const response = await this.fetch(method, route, body === undefined ? undefined : JSON.stringify(body), headers);
    return this.parse(method, route, response);
  }

  private async fetch(method: string, route: string, body: string | FormData | undefined, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${route}`, {
        method,
        body,
        headers: { ...headers, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      });
    } catch (error) {
      throw new ChainError(`${method} ${this.baseUrl}${route} failed: ${(error as Error).message}`);
    }
  }

  private async parse<T>(method: string, route: string, response: Response): Promise<T> {
    const text = await response.text();
    const body = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (!response.ok) {
      const message = body?.error?.message ?? (Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? text));
      throw new ChainError(`${method} ${route} answered ${response.status}: ${message}`);
    }
    return body as T;
  }
}
