import { SourceDocument } from '../decision';
import { CorpusFormatError } from './corpus-format-error';

/** How a corpus file holds documents: a whole .txt file is one, blank lines separate them, or one JSON object a line. */
export const CORPUS_FORMATS = ['txt-whole-file', 'txt-blank-lines', 'jsonl'] as const;
export type CorpusFormat = (typeof CORPUS_FORMATS)[number];

const LINES_LISTED = 20;

/**
 * Turns a stream of bytes into documents without holding more than one document (plus one chunk) in memory.
 * Fails on bytes that are not UTF-8, on NUL bytes (a binary file), on malformed JSONL lines (after reading them all,
 * listing their numbers), and on a corpus without a single document. Ids are `<idPrefix>:<ordinal>`.
 */
export async function* readDocuments(
  chunks: AsyncIterable<Buffer>,
  format: CorpusFormat,
  idPrefix: string,
): AsyncGenerator<SourceDocument> {
  let count = 0;
  const next = () => `${idPrefix}:${++count}`;
  const lines = utf8Lines(chunks);
  if (format === 'jsonl') {
    const bad: number[] = [];
    let badCount = 0;
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = parseJsonlLine(line);
      if (!parsed) {
        badCount++;
        if (bad.length < LINES_LISTED) bad.push(lineNumber);
        continue;
      }
      if (badCount === 0) yield { id: next(), ...parsed };
    }
    if (badCount > 0) {
      const more = badCount > bad.length ? ` and ${badCount - bad.length} more` : '';
      throw new CorpusFormatError(
        'malformed_jsonl',
        `malformed JSONL on line(s) ${bad.join(', ')}${more}: each line must be a JSON object with a string "text" field`,
        bad,
      );
    }
  } else if (format === 'txt-blank-lines') {
    let paragraph: string[] = [];
    for await (const line of lines) {
      if (line.trim() === '') {
        if (paragraph.length > 0) yield { id: next(), text: paragraph.join('\n') };
        paragraph = [];
      } else paragraph.push(line);
    }
    if (paragraph.length > 0) yield { id: next(), text: paragraph.join('\n') };
  } else {
    const all: string[] = [];
    for await (const line of lines) all.push(line);
    const text = all.join('\n');
    if (text.trim() !== '') yield { id: next(), text };
  }
  if (count === 0) throw new CorpusFormatError('empty', 'the corpus holds no documents: the upload is empty or blank');
}

function parseJsonlLine(line: string): Omit<SourceDocument, 'id'> | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { text, ...metadata } = value as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '') return null;
  return Object.keys(metadata).length > 0 ? { text, metadata } : { text };
}

/** Lines of a UTF-8 byte stream (\n or \r\n), decoded strictly. */
async function* utf8Lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let pending = '';
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new CorpusFormatError('invalid_utf8', `the file is not valid UTF-8 (near byte ${offset}): re-encode it as UTF-8`);
    }
  };
  for await (const chunk of chunks) {
    if (chunk.includes(0))
      throw new CorpusFormatError('binary', `the file looks binary (a NUL byte near byte ${offset + chunk.indexOf(0)}): upload text`);
    pending += decode(chunk);
    offset += chunk.length;
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline !== -1) {
      yield stripCarriageReturn(pending.slice(start, newline));
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decode();
  if (pending !== '') yield stripCarriageReturn(pending);
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
