import { PgNotifications } from '../database/pg-notifications';

/** The channel that triggers on api_key_replicas and tenant_status_replicas notify (migration api_key_replicas_notify). */
export const API_KEY_REPLICAS_CHANNEL = 'api_key_replicas_changed';

const MAX_ENTRIES = 10_000;

/**
 * The key rows this process has read, by the SHA-256 of the presented key (never the key), so a request need not
 * query the replicas. Any committed change to a key or a tenant's suspension, in any process, empties it (the
 * replicas' triggers notify API_KEY_REPLICAS_CHANNEL), and it is not trusted while the LISTEN connection is down: a
 * change made then would go unheard. It keeps rows, not verdicts: expiry and scopes are judged on every request.
 */
export class VerifiedKeyCache<Row> {
  private readonly rows = new Map<string, Row>();
  /** Moves at every change heard: a row read before a change and returned after it is not stored. */
  private generation = 0;

  constructor(
    private readonly notifications: PgNotifications,
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    const invalidate = () => this.invalidate();
    notifications.subscribe(API_KEY_REPLICAS_CHANNEL, { onNotify: invalidate, onListening: invalidate, onLost: invalidate });
  }

  /** The row stored for this key hash, while the cache can be trusted. */
  get(keyHash: string): Row | undefined {
    return this.notifications.listening ? this.rows.get(keyHash) : undefined;
  }

  /** Called before reading a row from the database; its result goes to set() with the row. */
  readStarts(): number {
    return this.generation;
  }

  /** Stores a row read since readStarts() returned readSince, unless a change was heard meanwhile. */
  set(keyHash: string, row: Row, readSince: number): void {
    if (readSince !== this.generation || !this.notifications.listening) return;
    // Bounded: the oldest entry goes (Map keeps insertion order). Entries only leave at a change, so age is a fair guess.
    if (this.rows.size >= this.maxEntries && !this.rows.has(keyHash)) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(keyHash, row);
  }

  private invalidate(): void {
    this.generation += 1;
    this.rows.clear();
  }
}
