interface Entry<V> {
  value: V;
  /** When the read that produced it started: its age counts from then, so it is never younger than it looks. */
  readAt: number;
  refreshing: boolean;
}

export interface RefreshAheadOptions {
  /** The oldest a value is ever served: a change to what is read reaches every caller within it. */
  ttlMs: number;
  /** Keys held at once; past it the cache starts over (a bound, not a working set). */
  maxEntries: number;
}

/**
 * Per-key values read from a store and reused for at most `ttlMs`. A value served past half its TTL starts one
 * re-read in the background, so a key in steady use is fresh again before it expires and its callers do not wait
 * for the store (a plain TTL cache makes one request in every TTL wait, a database round trip added to its time to
 * first token). Nothing is served older than the TTL: a key idle that long, or whose background re-read failed
 * (the failure is dropped), is read by its next caller, who waits for it and sees its error. Callers that find the
 * same key missing at once wait for one read: a tenant's burst after an idle second is one query, not one per request
 * (16 at once queued on the connection pool and put tens of milliseconds on every request's time to first token).
 */
export class RefreshAheadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** The read under way for each key that callers found missing or expired, shared by those who find it so meanwhile. */
  private readonly misses = new Map<string, Promise<V>>();

  constructor(
    private readonly read: (key: string) => Promise<V>,
    private readonly options: RefreshAheadOptions,
  ) {}

  async get(key: string, now = Date.now()): Promise<V> {
    const cached = this.entries.get(key);
    const age = cached ? now - cached.readAt : Infinity;
    if (cached && age < this.options.ttlMs) {
      if (age >= this.options.ttlMs / 2 && !cached.refreshing) this.refresh(key, cached, now);
      return cached.value;
    }
    return this.misses.get(key) ?? this.readMissing(key, now);
  }

  private readMissing(key: string, now: number): Promise<V> {
    const reading = this.read(key)
      .then((value) => {
        this.store(key, value, now);
        return value;
      })
      .finally(() => this.misses.delete(key));
    this.misses.set(key, reading);
    return reading;
  }

  private refresh(key: string, entry: Entry<V>, now: number): void {
    entry.refreshing = true;
    this.read(key).then(
      (value) => this.store(key, value, now),
      () => (entry.refreshing = false),
    );
  }

  /** A read that started before the held value's does not replace it. */
  private store(key: string, value: V, readAt: number): void {
    const held = this.entries.get(key);
    if (held && held.readAt > readAt) return;
    if (!held && this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(key, { value, readAt, refreshing: false });
  }
}
