import { RefreshAheadCache } from './refresh-ahead-cache';

/** A store whose reads answer when the test says: each read is recorded with what it will resolve or reject to. */
function store() {
  const reads: { key: string; answer: (value: string) => void; fail: (error: Error) => void }[] = [];
  const read = (key: string) =>
    new Promise<string>((resolve, reject) => reads.push({ key, answer: resolve, fail: reject }));
  return { reads, cache: new RefreshAheadCache(read, { ttlMs: 1000, maxEntries: 2 }) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('RefreshAheadCache', () => {
  it('reads a key once, serves it until half its TTL without reading, and makes the caller wait for a read past the TTL', async () => {
    const { reads, cache } = store();
    const first = cache.get('t', 0);
    reads[0].answer('v1');
    await expect(first).resolves.toBe('v1');
    await expect(cache.get('t', 499)).resolves.toBe('v1');
    expect(reads).toHaveLength(1);

    let answered = false;
    const late = cache.get('t', 5000).then((value) => ((answered = true), value));
    await settled();
    expect(answered).toBe(false);
    expect(reads).toHaveLength(2);
    reads[1].answer('v2');
    await expect(late).resolves.toBe('v2');
  });

  it('past half the TTL serves the held value at once and re-reads it once in the background', async () => {
    const { reads, cache } = store();
    const first = cache.get('t', 0);
    reads[0].answer('v1');
    await first;
    await expect(cache.get('t', 600)).resolves.toBe('v1');
    await expect(cache.get('t', 700)).resolves.toBe('v1');
    expect(reads).toHaveLength(2);
    reads[1].answer('v2');
    await settled();
    // The re-read's value counts its age from when it started (600): served until 1599 without another read.
    await expect(cache.get('t', 1000)).resolves.toBe('v2');
    await expect(cache.get('t', 1099)).resolves.toBe('v2');
    expect(reads).toHaveLength(2);
  });

  it('never serves a value as old as the TTL, even while its background re-read is still running', async () => {
    const { reads, cache } = store();
    const first = cache.get('t', 0);
    reads[0].answer('v1');
    await first;
    await cache.get('t', 600);
    const expired = cache.get('t', 1000);
    expect(reads).toHaveLength(3);
    reads[2].answer('v3');
    await expect(expired).resolves.toBe('v3');
    // The slower background read started before it: it does not replace the newer value.
    reads[1].answer('v2');
    await settled();
    await expect(cache.get('t', 1100)).resolves.toBe('v3');
  });

  it('drops a failed background re-read: the held value is served until the TTL, then the caller sees the error', async () => {
    const { reads, cache } = store();
    const first = cache.get('t', 0);
    reads[0].answer('v1');
    await first;
    await cache.get('t', 600);
    reads[1].fail(new Error('database restarting'));
    await settled();
    await expect(cache.get('t', 900)).resolves.toBe('v1');
    expect(reads).toHaveLength(3);
    const expired = cache.get('t', 1000);
    reads[3].fail(new Error('database restarting'));
    await expect(expired).rejects.toThrow('database restarting');
  });

  it('makes callers that find a key missing or expired at once share one read, its value or its error', async () => {
    const { reads, cache } = store();
    const burst = [cache.get('t', 0), cache.get('t', 1), cache.get('t', 2)];
    expect(reads).toHaveLength(1);
    reads[0].answer('v1');
    await expect(Promise.all(burst)).resolves.toEqual(['v1', 'v1', 'v1']);

    const expired = [cache.get('t', 5000), cache.get('t', 5001)];
    expect(reads).toHaveLength(2);
    reads[1].fail(new Error('database restarting'));
    for (const caller of expired) await expect(caller).rejects.toThrow('database restarting');
    // The failed read is not kept: the next caller reads again.
    const next = cache.get('t', 5002);
    expect(reads).toHaveLength(3);
    reads[2].answer('v3');
    await expect(next).resolves.toBe('v3');
  });

  it('holds at most maxEntries keys, starting over past the bound', async () => {
    const { reads, cache } = store();
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      const got = cache.get(key, 0);
      reads[i].answer(key);
      await got;
    }
    const again = cache.get('a', 1);
    expect(reads).toHaveLength(4);
    reads[3].answer('a');
    await expect(again).resolves.toBe('a');
  });
});
