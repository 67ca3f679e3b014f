import { Client } from 'pg';
import type { Logger } from 'pino';
import { withDeadline } from '../util/with-deadline';

/** What a subscriber to one channel hears. */
export type PgChannelSubscriber = {
  /** A transaction that notified the channel committed (Postgres delivers NOTIFY only on commit). */
  onNotify: (payload: string) => void;
  /**
   * The connection listens (at start, and again after a reconnect). Notifications sent while it was down are lost,
   * so a subscriber catches up here on whatever may have changed meanwhile.
   */
  onListening?: () => void;
  /** The connection was lost: until onListening, nothing is heard. */
  onLost?: () => void;
};

export type PgNotificationsOptions = {
  connectTimeoutMs: number;
  /** The longest wait between reconnect attempts (they back off from 100 ms, doubling). */
  maxBackoffMs?: number;
  /** How often the connection proves it is alive (a query answered within half of it); default 5 s. */
  heartbeatMs?: number;
};

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/** How the LISTEN connection names itself in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'llmchain-listen';

/**
 * One LISTEN connection per process to the service's database, shared by everything that waits on a commit (the
 * outbox relay, the API-key cache). It reconnects with backoff when the connection is lost; subscribers learn of the
 * loss and of the return, since Postgres does not replay what was notified meanwhile. Channels are subscribed before
 * start: a LISTEN issued later would leave a window in which a subscriber thinks it hears but does not.
 */
export class PgNotifications {
  private readonly subscribers = new Map<string, PgChannelSubscriber[]>();
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private started = false;
  private failures = 0;
  private listeningNow = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly options: PgNotificationsOptions,
  ) {}

  /** Whether the connection is up and listening: while it is not, a notification can be missed. */
  get listening(): boolean {
    return this.listeningNow;
  }

  subscribe(channel: string, subscriber: PgChannelSubscriber): void {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid notification channel ${channel}`);
    if (this.started) throw new Error(`subscribe to ${channel} before PgNotifications.start()`);
    this.subscribers.set(channel, [...(this.subscribers.get(channel) ?? []), subscriber]);
  }

  /** Connects and listens; a failure to connect is logged and retried in the background, not thrown. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.subscribers.size > 0) await this.connect();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopHeartbeat();
    const client = this.client;
    this.client = null;
    this.listeningNow = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // keepAlive: a connection whose peer vanished without a word (a host gone, a firewall's dropped state) is found
    // dead by the kernel instead of leaving the process believing it listens.
    const client = new Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    this.client = client;
    client.on('notification', ({ channel, payload }) => {
      for (const subscriber of this.subscribers.get(channel) ?? []) subscriber.onNotify(payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the LISTEN connection ended')));
    try {
      await client.connect();
      for (const channel of this.subscribers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      return this.lost(client, err as Error);
    }
    if (this.client !== client) return;
    this.failures = 0;
    this.listeningNow = true;
    this.startHeartbeat(client);
    for (const subscriber of this.allSubscribers()) subscriber.onListening?.();
  }

  /**
   * Keepalive alone finds a vanished peer only after minutes (the kernel's defaults), and a subscriber such as the
   * key cache trusts what it holds while the connection listens: a query that must answer within half the interval
   * bounds how long a dead connection can pass for a listening one.
   */
  private startHeartbeat(client: Client): void {
    const everyMs = this.options.heartbeatMs ?? 5_000;
    this.heartbeat = setInterval(() => {
      withDeadline(client.query('SELECT 1'), everyMs / 2, () => new Error(`the LISTEN connection did not answer within ${everyMs / 2} ms`)).catch((err: Error) =>
        this.lost(client, err),
      );
    }, everyMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private lost(client: Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.stopHeartbeat();
    client.end().catch(() => undefined);
    if (this.listeningNow) {
      this.listeningNow = false;
      for (const subscriber of this.allSubscribers()) subscriber.onLost?.();
    }
    if (!this.started) return;
    this.failures += 1;
    const delayMs = Math.min(this.options.maxBackoffMs ?? 5_000, 100 * 2 ** (this.failures - 1));
    this.logger.warn({ err, failures: this.failures, retryInMs: delayMs, component: 'pg-notifications' }, 'LISTEN connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delayMs);
  }

  private allSubscribers(): PgChannelSubscriber[] {
    return [...this.subscribers.values()].flat();
  }
}
