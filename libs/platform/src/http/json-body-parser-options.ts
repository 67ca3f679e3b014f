import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** body-parser's own default, named here so the limit is a decision rather than an accident. */
const JSON_BODY_LIMIT = '100kb';

/**
 * A SyntaxError with status 400 is what Nest maps to a BadRequestException with this message (as it does for
 * body-parser's own syntax errors), so these refusals answer in the same shape as every other 400.
 */
function refusal(message: string): SyntaxError {
  return Object.assign(new SyntaxError(message), { status: 400 });
}

/** Invalid bytes would otherwise be decoded into U+FFFD replacement characters and stored as if they were text. */
function refuseInvalidUtf8(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string | null): void {
  if (encoding !== null && !/^utf-?8$/i.test(encoding)) return;
  if (!isUtf8(body)) throw refusal('the body is not valid UTF-8: send JSON text encoded as UTF-8');
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * NUL and lone surrogates are valid JSON escapes but not text Postgres can hold (it refuses the write, which would
 * answer 500), nor, for surrogates, text UTF-8 can encode at all. A JSON.parse reviver; also for JSON a route reads
 * itself (the lines of an uploaded JSONL file).
 */
export function refuseUnstorableText(key: string, value: unknown): unknown {
  for (const text of typeof value === 'string' ? [key, value] : [key]) {
    if (text.includes('\u0000')) throw refusal('JSON strings and member names must not contain NUL (\\u0000)');
    if (LONE_SURROGATE.test(text)) throw refusal('JSON strings and member names must be well-formed Unicode: a lone surrogate (\\ud800-\\udfff) is not text');
  }
  return value;
}

/**
 * The options of the JSON body parser every service installs (and the only body parser: a form-encoded body is
 * not read, so it cannot stand in for JSON).
 */
export const jsonBodyParserOptions = { limit: JSON_BODY_LIMIT, verify: refuseInvalidUtf8, reviver: refuseUnstorableText };
