import type { TrainingSchemas } from '@llmchain/api-client';
import { setTimeout as sleep } from 'node:timers/promises';

/** The few training-service calls the CLI makes, with the API's error messages passed through as they are. */
export type TrainingJob = TrainingSchemas['TrainingJob'];

export type ModelImport = TrainingSchemas['ModelImport'];

/** A request body other than JSON: a stream (sent as it is produced) with its content type. */
export type RawBody = { contentType: string; stream: ReadableStream<Uint8Array> };

export type JobEvent = TrainingSchemas['TrainingJobEvent'];

export class TrainingApiError extends Error {
  constructor(
    message: string,
    /** A network failure or a 5xx: worth retrying. */
    readonly transient = false,
    /** The HTTP status, when the service answered. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const GET_ATTEMPTS = 6;
const RETRY_DELAY_MS = 1000;

export class TrainingClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  createJob(body: object): Promise<TrainingJob> {
    return this.request('POST', '/v1/training/jobs', body);
  }

  job(id: string): Promise<TrainingJob> {
    return this.request('GET', `/v1/training/jobs/${id}`);
  }

  async eventsAfter(id: string, after: string | null): Promise<JobEvent[]> {
    const query = after ? `?limit=1000&after=${after}` : '?limit=1000';
    return (await this.request<{ data: JobEvent[] }>('GET', `/v1/training/jobs/${id}/events${query}`)).data;
  }

  /** Uploads a model directory's tar as it is produced; `idempotencyKey` makes a retried upload return the first import. */
  importModel(body: RawBody, query: string, idempotencyKey: string): Promise<ModelImport> {
    return this.request('POST', `/v1/models/imports${query}`, body, { 'idempotency-key': idempotencyKey });
  }

  modelImport(id: string): Promise<ModelImport> {
    return this.request('GET', `/v1/models/imports/${id}`);
  }

  cancel(id: string): Promise<TrainingJob> {
    return this.request('POST', `/v1/training/jobs/${id}/cancel`);
  }

  /** GETs are retried through a brief outage (a restarting service or database): following a job should survive it. */
  private async request<T>(method: string, route: string, body?: object | RawBody, headers: Record<string, string> = {}): Promise<T> {
    const attempts = method === 'GET' ? GET_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt<T>(method, route, body, headers);
      } catch (error) {
        if (attempt >= attempts || (error instanceof TrainingApiError && !error.transient)) throw error;
        await sleep(RETRY_DELAY_MS * attempt);
      }
    }
  }

  private async attempt<T>(method: string, route: string, body: object | RawBody | undefined, headers: Record<string, string>): Promise<T> {
    const raw = body && 'stream' in body ? (body as RawBody) : null;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body ? { 'content-type': raw ? raw.contentType : 'application/json' } : {}), ...headers },
        body: raw ? raw.stream : body ? JSON.stringify(body) : undefined,
        // A streamed request body needs half-duplex (Node's fetch refuses it otherwise).
        ...(raw ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw new TrainingApiError(`cannot reach training-service at ${this.baseUrl} (${(error as Error).message}): is it running? (npm start)`, true);
    }
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const message = Array.isArray(parsed?.message) ? parsed.message.join('; ') : (parsed?.message ?? text);
      throw new TrainingApiError(`${method} ${route} answered ${response.status}: ${message}`, response.status >= 500, response.status);
    }
    return parsed as T;
  }
}
