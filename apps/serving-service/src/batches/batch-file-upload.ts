import { BlobStore, StagedBlob } from '@llmchain/platform';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { OpenAiError } from '../common/openai-error';
import { BatchInputLine, parseBatchInputLine } from './batch-endpoints';

export type UploadLimits = { maxBytes: number; maxLines: number };

/** An uploaded batch input, staged (not yet under a key) and checked line by line. */
export type ReceivedBatchFile = { staged: StagedBlob; filename: string; bytes: number; sha256: string; lines: BatchInputLine[] };

/**
 * Reads OpenAI's files.create form (a `file` part and a `purpose` field, in either order): the file's bytes go to a
 * staged blob as they arrive (at most maxBytes; the parser stops counting past it), then every line is checked as its
 * endpoint would check it. Any refusal aborts the staged blob, so a refused upload leaves nothing behind.
 */
export async function receiveBatchFile(request: IncomingMessage, blobs: BlobStore, limits: UploadLimits): Promise<ReceivedBatchFile> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
    throw new OpenAiError(415, 'Send the file as multipart/form-data with a `file` part and a `purpose` field.', 'invalid_request_error', 'file');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: limits.maxBytes, fields: 4, fieldSize: 1024 } });
  } catch (error) {
    throw OpenAiError.invalid(`The multipart body could not be read: ${(error as Error).message}`, 'file');
  }
  const staged = await blobs.stage();
  const fields: Record<string, string> = {};
  const chunks: Buffer[] = [];
  let filename = '';
  let files = 0;
  let truncated = false;
  let writes = Promise.resolve();
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (_name, file, info) => {
    file.on('error', () => undefined);
    if (++files > 1) return void file.resume();
    filename = info.filename ?? 'batch.jsonl';
    file.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      writes = writes.then(() => staged.write(chunk));
    });
    file.on('limit', () => (truncated = true));
  });
  parser.on('filesLimit', () => (files = 2));
  try {
    await new Promise<void>((resolve, reject) => {
      parser.once('close', resolve);
      parser.on('error', (error) => reject(OpenAiError.invalid(`The multipart body could not be read: ${(error as Error).message}`, 'file')));
      request.pipe(parser);
    });
    await writes;
    if (files === 0) throw OpenAiError.invalid('The request has no file: attach the JSONL input as the `file` part.', 'file');
    if (files > 1) throw OpenAiError.invalid('Send one file per request.', 'file');
    if (fields.purpose !== 'batch') throw OpenAiError.invalid(`purpose must be "batch" (got ${JSON.stringify(fields.purpose ?? null)}): this server keeps batch input files only.`, 'purpose');
    if (truncated) throw new OpenAiError(413, `The file is larger than the ${limits.maxBytes}-byte limit: split the requests over several batches.`, 'invalid_request_error', 'file', 'file_too_large');
    const lines = parseLines(Buffer.concat(chunks).toString('utf8'), limits.maxLines);
    const { bytes, sha256 } = await staged.finish();
    return { staged, filename, bytes, sha256, lines };
  } catch (error) {
    request.unpipe(parser);
    request.resume();
    await staged.abort();
    throw error;
  }
}

/** Every non-empty line checked; custom_ids unique within the file (a batch answers each once). */
function parseLines(text: string, maxLines: number): BatchInputLine[] {
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop();
  if (rows.length === 0) throw OpenAiError.invalid('The file is empty: it needs one JSON request per line.', 'file');
  if (rows.length > maxLines) throw OpenAiError.invalid(`The file holds ${rows.length} lines; a batch takes at most ${maxLines} requests. Split it.`, 'file');
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const line = parseBatchInputLine(row.replace(/\r$/, ''), index + 1);
    const earlier = seen.get(line.customId);
    if (earlier !== undefined) throw OpenAiError.invalid(`Line ${index + 1}: custom_id "${line.customId}" was already used on line ${earlier}; each must be unique.`, 'file', 'duplicate_custom_id');
    seen.set(line.customId, index + 1);
    return line;
  });
}
