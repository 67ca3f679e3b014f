import { CorpusFormatError, utf8Lines } from '@llmchain/data-cleaning';
import { HttpStatus } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { compressors } from 'hyparquet-compressors';
import { AsyncBuffer, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { uploadRejected } from '../corpora/upload-errors';

type Row = Record<string, unknown>;
export type TableLimits = { maxLineBytes: number; maxRowGroupBytes: number };

const LINES_LISTED = 20;

/** CSV rows as objects keyed by the header row; the header must hold every mapped column. */
export async function* csvRows(filePath: string, delimiter: string, columns: string[], limits: TableLimits): AsyncGenerator<Row> {
  const parser = parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    max_record_size: limits.maxLineBytes,
    columns: (header: string[]) => {
      refuseMissingColumns(columns, header);
      return header;
    },
  });
  // pipeline, not pipe: an error anywhere (bad UTF-8, say) destroys the parser with it, so iterating it throws.
  const source = pipeline(createReadStream(filePath), strictUtf8(), parser, () => undefined);
  try {
    for await (const row of source) yield row as Row;
  } catch (error) {
    if (error instanceof CsvError)
      throw uploadRejected(HttpStatus.BAD_REQUEST, 'malformed_source', `the CSV could not be read (${error.message}): fix that line`);
    throw error;
  }
}

/** JSONL rows: each non-blank line a JSON object; malformed lines are listed (up to 20) and refuse the import. */
export async function* jsonlRows(filePath: string, limits: TableLimits): AsyncGenerator<Row> {
  const bad: number[] = [];
  for await (const { text, number } of utf8Lines(createReadStream(filePath), limits.maxLineBytes)) {
    if (text.trim() === '') continue;
    const row = parseObject(text);
    if (!row) {
      if (bad.length < LINES_LISTED) bad.push(number);
      continue;
    }
    if (bad.length === 0) yield row;
  }
  if (bad.length > 0)
    throw uploadRejected(
      HttpStatus.BAD_REQUEST,
      'malformed_source',
      `malformed JSONL on line(s) ${bad.join(', ')}: each line must be one JSON object`,
      bad,
    );
}

/**
 * Parquet rows, one row group at a time (the reader's unit of memory), reading only the mapped columns. A row group
 * larger than the limit is refused before it is read.
 */
export async function* parquetRows(filePath: string, columns: string[], limits: TableLimits): AsyncGenerator<Row> {
  const handle = await open(filePath);
  try {
    const file = await fileAsyncBuffer(handle);
    const metadata = await parquetMetadataAsync(file).catch((error: Error) => {
      throw uploadRejected(HttpStatus.BAD_REQUEST, 'malformed_source', `the file is not readable Parquet (${error.message})`);
    });
    refuseMissingColumns(columns, parquetSchema(metadata).children.map((child) => child.element.name));
    let rowStart = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      if (group.total_byte_size > BigInt(limits.maxRowGroupBytes))
        throw uploadRejected(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'too_large',
          `row group ${index} holds ${group.total_byte_size} bytes, more than the ${limits.maxRowGroupBytes}-byte limit: write the file with smaller row groups`,
        );
      const rowEnd = rowStart + Number(group.num_rows);
      yield* await parquetReadObjects({ file, metadata, columns, rowStart, rowEnd, compressors });
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}

/** A CorpusFormatError from the shared line reader (a line too long, bad UTF-8, a NUL byte) as a 4xx. */
export function tableReadRejected(error: CorpusFormatError) {
  const oversized = error.problem === 'line_too_long';
  return uploadRejected(oversized ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST, error.problem, error.message);
}

function refuseMissingColumns(wanted: string[], present: string[]) {
  const missing = wanted.filter((column) => !present.includes(column));
  if (missing.length > 0)
    throw uploadRejected(
      HttpStatus.BAD_REQUEST,
      'unknown_field',
      `no column ${missing.map((name) => `"${name}"`).join(', ')} in the file; its columns are ${present.slice(0, 50).map((name) => `"${name}"`).join(', ')}`,
    );
}

function parseObject(line: string): Row | null {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : null;
  } catch {
    return null;
  }
}

async function fileAsyncBuffer(handle: Awaited<ReturnType<typeof open>>): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size) {
      const bytes = Buffer.alloc(end - start);
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    },
  };
}

/** Passes bytes through unchanged, failing on the first byte sequence that is not UTF-8 (csv-parse would replace it). */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(new CorpusFormatError('invalid_utf8', `the file is not valid UTF-8 (near byte ${offset}): re-encode it as UTF-8`));
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new CorpusFormatError('invalid_utf8', 'the file ends inside a UTF-8 character: re-encode it as UTF-8'));
      }
    },
  });
}
