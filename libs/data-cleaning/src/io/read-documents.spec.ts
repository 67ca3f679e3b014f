import { CorpusFormat, readDocuments, ReadLimits } from './read-documents';
import { CorpusFormatError } from './corpus-format-error';

async function read(bytes: Buffer | string, format: CorpusFormat, chunkSize = 3, limits?: ReadLimits) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  async function* chunks() {
    for (let i = 0; i < buffer.length; i += chunkSize) yield buffer.subarray(i, i + chunkSize);
  }
  const docs = [];
  for await (const doc of readDocuments(chunks(), format, 'c1', limits)) docs.push(doc);
  return docs;
}

describe('readDocuments', () => {
  it('reads JSONL with metadata, across chunk boundaries inside multi-byte characters', async () => {
    const docs = await read('{"text":"héllo wörld","source":"web"}\n\n{"text":"second"}\r\n', 'jsonl');
    expect(docs).toEqual([
      { id: 'c1:1', text: 'héllo wörld', metadata: { source: 'web' } },
      { id: 'c1:2', text: 'second' },
    ]);
  });

  it('lists malformed JSONL lines by number', async () => {
    const error = await read('{"text":"ok"}\nnot json\n{"title":"no text"}\n[1]\n', 'jsonl').catch((e) => e);
    expect(error).toBeInstanceOf(CorpusFormatError);
    expect(error.problem).toBe('malformed_jsonl');
    expect(error.lines).toEqual([2, 3, 4]);
    expect(error.message).toContain('line(s) 2, 3, 4');
  });

  it('splits text on blank lines or keeps a whole file as one document', async () => {
    const text = 'first para\nstill first\n\n\nsecond para\n';
    expect((await read(text, 'txt-blank-lines')).map((d) => d.text)).toEqual(['first para\nstill first', 'second para']);
    expect((await read(text, 'txt-whole-file')).map((d) => d.text)).toEqual([text.replace(/\n$/, '')]);
  });

  it('rejects invalid UTF-8, binary bytes and empty corpora', async () => {
    await expect(read(Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'txt-whole-file')).rejects.toMatchObject({ problem: 'invalid_utf8' });
    await expect(read(Buffer.from([0x61, 0x00, 0x62]), 'txt-whole-file')).rejects.toMatchObject({ problem: 'binary' });
    await expect(read('\n \n', 'txt-blank-lines')).rejects.toMatchObject({ problem: 'empty' });
    await expect(read('', 'jsonl')).rejects.toMatchObject({ problem: 'empty' });
  });

  it('refuses a line or a document over its limit as soon as it passes it, naming the line', async () => {
    const limits = { maxLineBytes: 20, maxDocumentBytes: 30 };
    const longLine = await read('short\nshort\n' + 'x'.repeat(21) + '\n', 'txt-blank-lines', 3, limits).catch((e) => e);
    expect(longLine).toMatchObject({ problem: 'line_too_long', lines: [3] });
    expect(longLine.message).toContain('line 3 is longer than the 20-byte line limit');
    expect(await read('x'.repeat(20) + '\r\n', 'txt-whole-file', 3, { ...limits, maxLineBytes: 21 })).toHaveLength(1);

    const paragraph = 'one\n\n' + 'ten bytes\n'.repeat(4);
    expect(await read(paragraph, 'txt-blank-lines', 3, limits).catch((e) => e)).toMatchObject({ problem: 'document_too_large', lines: [3] });
    expect(await read('ten bytes\n'.repeat(3), 'txt-blank-lines', 3, limits)).toHaveLength(1);
    expect(await read(paragraph, 'txt-whole-file', 3, limits).catch((e) => e)).toMatchObject({ problem: 'document_too_large', lines: [1] });
    const jsonl = `{"text":"ok"}\n{"text":"${'y'.repeat(10)}"}\n`;
    expect(await read(jsonl, 'jsonl', 3, { maxLineBytes: 100, maxDocumentBytes: 9 }).catch((e) => e)).toMatchObject({ problem: 'document_too_large', lines: [2] });
  });

  it('holds no more than the line limit of a line that never ends', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 65_536;
        yield Buffer.alloc(65_536, 0x61);
      }
    }
    const reading = readDocuments(endless(), 'txt-whole-file', 'c1', { maxLineBytes: 1_000_000, maxDocumentBytes: 1_000_000 });
    await expect(reading.next()).rejects.toMatchObject({ problem: 'line_too_long', lines: [1] });
    expect(produced).toBeLessThanOrEqual(1_000_000 + 65_536);
  });
});
