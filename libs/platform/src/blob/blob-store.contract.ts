import { createHash, randomBytes } from 'node:crypto';
import { buffer, text } from 'node:stream/consumers';
import { BlobStore } from './blob-store';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function put(store: BlobStore, key: string, ...chunks: (Buffer | string)[]) {
  const staged = await store.stage();
  for (const chunk of chunks) await staged.write(Buffer.from(chunk));
  return staged.commit(key);
}

/**
 * What every BlobStore must do, run against each implementation (a local directory in the unit tier, S3Proxy in the
 * integration tier): `open` gives a fresh, empty store.
 */
export function describeBlobStoreContract(name: string, open: () => Promise<{ store: BlobStore; close(): Promise<void> }>): void {
  describe(`${name} (blob store contract)`, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(() => close());

    it('stages, hashes and publishes a blob under its key, showing nothing before the commit', async () => {
      const staged = await store.stage();
      await staged.write(Buffer.from('hello '));
      await staged.write(Buffer.from('world'));
      expect(await text(await staged.openStagedRead())).toBe('hello world');
      expect(await store.size('corpora/t1/abc.txt')).toBeNull();
      const stored = await staged.commit('corpora/t1/abc.txt');
      expect(stored).toEqual({ key: 'corpora/t1/abc.txt', bytes: 11, sha256: sha256('hello world') });
      expect(await text(store.openRead('corpora/t1/abc.txt'))).toBe('hello world');
      expect(await store.list('')).toEqual(['corpora/t1/abc.txt']);
    });

    it('keeps the existing blob when a key is committed twice, and leaves nothing staged', async () => {
      await put(store, 'k', 'first');
      await put(store, 'k', 'second');
      expect(await text(store.openRead('k'))).toBe('first');
      expect(await store.list('')).toEqual(['k']);
    });

    it('lets exactly one of many concurrent commits to one key through, and readers never see it change', async () => {
      const contents = Array.from({ length: 6 }, (_, i) => `writer ${i} `.repeat(1000 + i));
      const staged = await Promise.all(
        contents.map(async (content) => {
          const blob = await store.stage();
          await blob.write(Buffer.from(content));
          return blob;
        }),
      );
      const seen = new Set<string>();
      let racing = true;
      const reader = (async () => {
        while (racing) {
          const bytes = await buffer(store.openRead('raced')).catch(() => null);
          if (bytes) seen.add(sha256(bytes));
        }
      })();
      await Promise.all(staged.map((blob) => blob.commit('raced')));
      racing = false;
      await reader;
      const final = sha256(await buffer(store.openRead('raced')));
      expect(contents.map(sha256)).toContain(final);
      expect([...seen].filter((digest) => digest !== final)).toEqual([]);
      expect(await store.list('')).toEqual(['raced']);
    });

    it('publishes an empty blob', async () => {
      const staged = await store.stage();
      expect(await staged.commit('empty/blob')).toEqual({ key: 'empty/blob', bytes: 0, sha256: sha256('') });
      expect(await store.size('empty/blob')).toBe(0);
      expect((await buffer(store.openRead('empty/blob'))).length).toBe(0);
    });

    it('aborts without leaving anything', async () => {
      const staged = await store.stage();
      await staged.write(Buffer.from('partial'));
      await staged.abort();
      expect(await store.list('')).toEqual([]);
    });

    it('streams a blob of several parts in and out unchanged', async () => {
      const chunks = Array.from({ length: 12 }, () => randomBytes(2 ** 20));
      const whole = Buffer.concat(chunks);
      const stored = await put(store, 'big/blob.bin', ...chunks);
      expect(stored).toEqual({ key: 'big/blob.bin', bytes: whole.length, sha256: sha256(whole) });
      expect(await store.size('big/blob.bin')).toBe(whole.length);
      expect(sha256(await buffer(store.openRead('big/blob.bin')))).toBe(sha256(whole));
      expect(await store.list('')).toEqual(['big/blob.bin']);
    });

    it('reads byte ranges, inclusive like HTTP ranges, and refuses malformed ones', async () => {
      await put(store, 'r', '0123456789');
      expect(await text(store.openRead('r', { start: 2, end: 5 }))).toBe('2345');
      expect(await text(store.openRead('r', { start: 7 }))).toBe('789');
      expect(() => store.openRead('r', { start: 5, end: 2 })).toThrow(/invalid byte range/);
      expect(() => store.openRead('r', { start: -1 })).toThrow(/invalid byte range/);
    });

    it('fails a read of a missing key with ENOENT, and reports no size for it', async () => {
      await expect(buffer(store.openRead('missing/key'))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await store.size('missing/key')).toBeNull();
    });

    it('refuses keys that are not relative paths of safe segments', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a//b', 'a/./b', '.staging', 'a b']) {
        expect(() => store.openRead(key)).toThrow(/invalid blob key/);
        const staged = await store.stage();
        await expect(staged.commit(key)).rejects.toThrow(/invalid blob key/);
        await staged.abort();
      }
    });

    it('lists a prefix as a directory and deletes', async () => {
      await put(store, 'a/b/c', '1');
      await put(store, 'a/b/d/e', '2');
      await put(store, 'a/bc', '3');
      expect(await store.list('a/b')).toEqual(['a/b/c', 'a/b/d/e']);
      expect(await store.size('a/b/c')).toBe(1);
      await store.delete('a/b/c');
      await store.delete('a/b/never-written');
      expect(await store.size('a/b/c')).toBeNull();
      expect(await store.list('a')).toEqual(['a/b/d/e', 'a/bc']);
    });
  });
}
