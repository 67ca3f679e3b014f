import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { createHash } from 'node:crypto';
import { LocalDirectoryBlobStore } from './local-directory-blob-store';

describe('LocalDirectoryBlobStore', () => {
  let root: string;
  let store: LocalDirectoryBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'blobs-'));
    store = new LocalDirectoryBlobStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stages, hashes and publishes a blob under its key', async () => {
    const staged = await store.stage();
    await staged.write(Buffer.from('hello '));
    await staged.write(Buffer.from('world'));
    expect(await text(await staged.openStagedRead())).toBe('hello world');
    const stored = await staged.commit('corpora/t1/abc.txt');
    expect(stored).toEqual({ key: 'corpora/t1/abc.txt', bytes: 11, sha256: createHash('sha256').update('hello world').digest('hex') });
    expect(await text(store.openRead('corpora/t1/abc.txt'))).toBe('hello world');
    expect(await store.list('')).toEqual(['corpora/t1/abc.txt']);
  });

  it('keeps the existing blob when a key is committed twice, and leaves nothing staged', async () => {
    for (const content of ['first', 'second']) {
      const staged = await store.stage();
      await staged.write(Buffer.from(content));
      await staged.commit('k');
    }
    expect(await text(store.openRead('k'))).toBe('first');
    expect(await store.list('.staging')).toEqual([]);
  });

  it('aborts without leaving a file', async () => {
    const staged = await store.stage();
    await staged.write(Buffer.from('partial'));
    await staged.abort();
    expect(await store.list('')).toEqual([]);
  });

  it('refuses keys that would leave the root', () => {
    expect(() => store.openRead('../etc/passwd')).toThrow(/invalid blob key/);
    expect(() => store.openRead('/abs')).toThrow(/invalid blob key/);
  });

  it('reports sizes and deletes', async () => {
    const staged = await store.stage();
    await staged.write(Buffer.from('12345'));
    await staged.commit('a/b');
    expect(await store.size('a/b')).toBe(5);
    await store.delete('a/b');
    expect(await store.size('a/b')).toBeNull();
  });
});
