import { SourceDocument } from '../decision';
import { CorpusFormatError } from './corpus-format-error';

/** How a corpus file holds documents: a whole .txt file is one, blank lines separate them, or one JSON object a line. */
export const CORPUS_FORMATS = ['txt-whole-file', 'txt-blank-lines', 'jsonl'] as const;
export type CorpusFormat = (typeof CORPUS_FORMATS)[number];

const LINES_LISTED = 20;

/**
 * Size limits on what one read holds in memory at a time. A line is a JSONL document's whole record, so for JSONL the
 * line limit also bounds documents.
 */
export type ReadLimits = { maxLineBytes: number; maxDocumentBytes: number };

/** 8 MiB: several whole books in one document, and a worker's in-flight batches stay in the tens of megabytes. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxLineBytes: 8 * 1024 * 1024, maxDocumentBytes: 8 * 1024 * 1024 };

type Line = { text: string; bytes: number; number: number };

/**
 * Turns a stream of bytes into documents without holding more than one document (plus one chunk) in memory.
 * Fails on bytes that are not UTF-8, on NUL bytes (a binary file), on a line or document over its limit (as soon as it
 * passes it, naming the line), on malformed JSONL lines (after reading them all, listing their numbers), and on a
 * corpus without a single document. Ids are `<idPrefix>:<ordinal>`.
 */
export async function* readDocuments(
  chunks: AsyncIterable<Buffer>,
  format: CorpusFormat,
  idPrefix: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): AsyncGenerator<SourceDocument> {
  let count = 0;
  const next = () => `${idPrefix}:${++count}`;
  const lines = utf8Lines(chunks, limits.maxLineBytes);
  const tooLarge = (startLine: number, what: string, fix: string) =>
    new CorpusFormatError(
      'document_too_large',
      `${what} starting on line ${startLine} is larger than the ${limits.maxDocumentBytes}-byte document limit: ${fix}`,
      [startLine],
    );
  if (format === 'jsonl') {
    const bad: number[] = [];
    let badCount = 0;
    for await (const { text: line, number } of lines) {
      if (line.trim() === '') continue;
      const parsed = parseJsonlLine(line);
      if (!parsed) {
        badCount++;
        if (bad.length < LINES_LISTED) bad.push(number);
        continue;
      }
      if (Buffer.byteLength(parsed.text) > limits.maxDocumentBytes)
        throw tooLarge(number, 'the document', 'split it into several lines');
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
    let paragraphBytes = 0;
    let firstLine = 0;
    for await (const { text: line, bytes, number } of lines) {
      if (line.trim() === '') {
        if (paragraph.length > 0) yield { id: next(), text: paragraph.join('\n') };
        paragraph = [];
        paragraphBytes = 0;
        continue;
      }
      if (paragraph.length === 0) firstLine = number;
      paragraphBytes += bytes + 1;
      if (paragraphBytes > limits.maxDocumentBytes + 1)
        throw tooLarge(firstLine, 'the paragraph', 'separate its documents with blank lines, or upload JSONL');
      paragraph.push(line);
    }
    if (paragraph.length > 0) yield { id: next(), text: paragraph.join('\n') };
  } else {
    const all: string[] = [];
    let bytes = 0;
    for await (const line of lines) {
      bytes += line.bytes + 1;
      if (bytes > limits.maxDocumentBytes + 1)
        throw tooLarge(1, 'the file, one document with split=file,', 'upload it with split=blank-lines, or as JSONL');
      all.push(line.text);
    }
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

/**
 * Lines of a UTF-8 byte stream (\n or \r\n), decoded strictly, with their byte length and 1-based number. Bytes are
 * split at newlines before decoding (a newline byte never occurs inside a multi-byte character), so finding lines is
 * linear and a line is held only up to `maxLineBytes`: past that it fails, naming the line.
 */
export async function* utf8Lines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let parts: string[] = [];
  let bytes = 0;
  let number = 1;
  const decode = (piece?: Buffer) => {
    try {
      return piece ? decoder.decode(piece, { stream: true }) : decoder.decode();
    } catch {
      throw new CorpusFormatError('invalid_utf8', `the file is not valid UTF-8 (near byte ${offset}): re-encode it as UTF-8`);
    }
  };
  const append = (piece: Buffer) => {
    bytes += piece.length;
    if (bytes > maxLineBytes)
      throw new CorpusFormatError(
        'line_too_long',
        `line ${number} is longer than the ${maxLineBytes}-byte line limit: break it into shorter lines`,
        [number],
      );
    parts.push(decode(piece));
    offset += piece.length;
  };
  const line = (): Line => {
    const text = stripCarriageReturn(parts.join(''));
    const result = { text, bytes, number };
    parts = [];
    bytes = 0;
    number++;
    return result;
  };
  for await (const chunk of chunks) {
    if (chunk.includes(0))
      throw new CorpusFormatError('binary', `the file looks binary (a NUL byte near byte ${offset + chunk.indexOf(0)}): upload text`);
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      append(chunk.subarray(start, newline));
      offset++;
      yield line();
      start = newline + 1;
    }
    if (start < chunk.length) append(chunk.subarray(start));
  }
  parts.push(decode());
  if (bytes > 0 || parts.some((part) => part !== '')) yield line();
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
