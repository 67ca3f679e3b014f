import { CorpusFormat, readDocuments } from './read-documents';
import { CorpusFormatError } from './corpus-format-error';

async function read(bytes: Buffer | string, format: CorpusFormat, chunkSize = 3) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  async function* chunks() {
    for (let i = 0; i < buffer.length; i += chunkSize) yield buffer.subarray(i, i + chunkSize);
  }
  const docs = [];
  for await (const doc of readDocuments(chunks(), format, 'c1')) docs.push(doc);
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
});
