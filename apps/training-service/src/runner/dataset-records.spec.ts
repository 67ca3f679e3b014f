import { uploadBytes } from './blob-files';
import { datasetRecords, DatasetRecord, readDatasetManifest } from './dataset-records';
import { temporaryStore, writeDataset } from './testing/dataset-fixture';

describe('dataset records', () => {
  const store = temporaryStore();
  afterAll(() => store.remove());

  async function all(records: AsyncIterable<DatasetRecord>): Promise<DatasetRecord[]> {
    const out: DatasetRecord[] = [];
    for await (const record of records) out.push(record);
    return out;
  }

  it('streams every record of every shard in order, across read chunks and split characters', async () => {
    // 40,000 documents of multi-byte text make a shard of several 1 MiB read chunks.
    const texts = Array.from({ length: 40_000 }, (_, i) => `документ ${i}: 雨の日 🌧️ ${'é'.repeat(i % 7)}`);
    const dataset = await writeDataset(store.blobs, 'v/long', 'documents', [texts.slice(0, 30_000).map((text) => ({ id: text, text })), texts.slice(30_000).map((text) => ({ text }))]);
    expect(dataset.manifest.shards[0].bytes).toBeGreaterThan(2 * 2 ** 20);
    const manifest = await readDatasetManifest(store.blobs, dataset);
    const records = await all(datasetRecords(store.blobs, manifest));
    expect(records.map((r) => (r.format === 'documents' ? r.text : null))).toEqual(texts);
  });

  it('reads prompt-completion and chat records, skipping blank and CRLF-ended lines', async () => {
    const body = '{"prompt":"p","completion":"c"}\r\n\n{"prompt":"q","completion":"d","extra":1}\n';
    const shard = await uploadBytes(store.blobs, Buffer.from(body), 'v/pc/shard-00000.jsonl');
    const manifestBody = Buffer.from(JSON.stringify({ format: 'prompt-completion', shards: [{ ...shard, documents: 2 }], documents: 2 }));
    const manifestBlob = await uploadBytes(store.blobs, manifestBody, 'v/pc/manifest.json');
    const manifest = await readDatasetManifest(store.blobs, { manifestBlobKey: manifestBlob.key, manifestSha256: manifestBlob.sha256 });
    expect(await all(datasetRecords(store.blobs, manifest))).toEqual([
      { format: 'prompt-completion', prompt: 'p', completion: 'c' },
      { format: 'prompt-completion', prompt: 'q', completion: 'd' },
    ]);
    const chat = await writeDataset(store.blobs, 'v/chat', 'chat', [[{ messages: [{ role: 'user', content: 'hi', name: 'x' }] }, { messages: [] }]]);
    await expect(all(datasetRecords(store.blobs, chat.manifest))).rejects.toThrow(/line 2 is not a chat record/);
  });

  it('refuses a manifest that is not a dataset manifest', async () => {
    const stored = await uploadBytes(store.blobs, Buffer.from('{"format":"images","shards":[]}'), 'v/odd/manifest.json');
    await expect(readDatasetManifest(store.blobs, { manifestBlobKey: stored.key, manifestSha256: stored.sha256 })).rejects.toThrow(/has no known format/);
  });
});
