import { LocalDirectoryBlobStore } from '@llmchain/platform';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetManifest } from '../../runner/dataset-records';
import { evalItems } from './eval-items';

describe('evalItems', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'eval-items-'));
  const blobs = new LocalDirectoryBlobStore(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function manifestOf(lines: string[]): Promise<DatasetManifest> {
    const bytes = Buffer.from(lines.join('\n'));
    const staged = await blobs.stage();
    await staged.write(bytes);
    const shard = await staged.commit('shard.jsonl');
    expect(shard.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    return { format: 'documents', shards: [{ key: shard.key, bytes: shard.bytes, sha256: shard.sha256, documents: lines.length }], documents: lines.length };
  }

  it("reads OpenAI's {item} lines, lifts a document's metadata beside its text, and errors bad or oversized lines by index", async () => {
    const manifest = await manifestOf([
      JSON.stringify({ item: { question: 'q0' } }),
      JSON.stringify({ id: 'd1', text: 't1', metadata: { answer: 'a1' } }),
      '',
      'not json',
      JSON.stringify({ text: 'x'.repeat(200) }),
      JSON.stringify({ prompt: 'p', completion: 'c' }),
    ]);
    const items = [];
    for await (const item of evalItems(blobs, manifest, 100)) items.push(item);
    expect(items).toEqual([
      { index: 0, item: { question: 'q0' }, error: null },
      { index: 1, item: { id: 'd1', text: 't1', answer: 'a1' }, error: null },
      { index: 2, item: {}, error: 'item 2 (0-based, blank lines skipped) of the dataset version is not a JSON object' },
      { index: 3, item: {}, error: expect.stringMatching(/^the item is 211 bytes; an eval item may have at most 100/) },
      { index: 4, item: { prompt: 'p', completion: 'c' }, error: null },
    ]);
    const resumed = [];
    for await (const item of evalItems(blobs, manifest, 100, 3)) resumed.push(item.index);
    expect(resumed).toEqual([3, 4]);
  });
});
