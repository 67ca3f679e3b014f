import { SeededRandom } from '../../tools/corpus-generator/random';
import { RawRequest } from './raw-http';
import { fillPath, Route } from './route-table';
import { TenantResources } from './tenant-resources';

/** One malformed request: what it breaks (for the failure message) and its bytes. */
export type FuzzCase = { what: string; request: RawRequest };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Leaf = { path: (string | number)[]; value: Json };

const JSON_TYPE = { 'content-type': 'application/json' };
const TEN_MB = 10 * 1024 * 1024;

/**
 * Values of every JSON type but null (which optional OpenAI fields accept), so one is always the wrong type. Strings
 * start with a letter, so none reads as a number.
 */
const typedValues = (random: SeededRandom): Json[] => [
  `v${random.chars(random.int(0, 12), 'abcXYZ019 -_')}`,
  random.int(-1000, 1000) + random.pick([0, 0.5]),
  random.chance(0.5),
  [],
  [random.chars(3, 'abc'), 1],
  {},
  { nested: { deeper: random.chars(4, 'xyz') } },
];

/** Numbers no field takes: past 2^53 (inexact in JSON), at the edge of a double, or overflowing to Infinity. */
const HUGE_NUMBER_TEXTS = ['9007199254740993', '-9007199254740993', '18446744073709551616', '1e308', '-1e308', '1e400', '-1e400'];

/** Digit strings past a Postgres bigint, for fields that take whole numbers as strings. */
const HUGE_DIGIT_STRINGS = ['9223372036854775808', '9'.repeat(30)];

/** Byte sequences that are not UTF-8: a lone continuation byte, an overlong '/', a surrogate, a truncated sequence. */
const INVALID_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0x80, 0x80])];

/** Path ids that are not UUIDs (nor names of anything): numbers, words, traversal, encodings, NUL, a long run. */
const BAD_IDS = [
  '1',
  '-1',
  '0',
  'null',
  'undefined',
  'NaN',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'abc%00def',
  '%ff',
  '%e2%82',
  '\xff\xfe',
  '%F0%9F%98%80',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000-0000-4000-8000-00000000000g',
  '00000000000040008000000000000000',
  'a'.repeat(3000),
  '%20',
  "'%20OR%201=1--",
];

/**
 * Query values no parameter takes: negative, NaN, infinite, past a Postgres bigint, fractional, non-UTF-8, NUL,
 * injection, long. (An empty value may mean "not given", so it is not among them.)
 */
const BAD_QUERY_VALUES = ['-1', 'NaN', 'Infinity', '1e400', '9223372036854775808', '1.5', '%ff', '%00', "1'%20OR%20'1'='1", 'a'.repeat(3000), '[]'];

/** Unknown member names, including ones that matter to JavaScript objects. */
const UNKNOWN_NAMES = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'tenantId', 'id', 'x-unknown', ''];

function leaves(value: Json, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [{ path, value }];
}

/** The body's JSON text with the leaf at path replaced by raw JSON text (so numbers keep digits JSON.parse would round). */
function replaceLeaf(body: Json, path: (string | number)[], rawJson: string): string {
  const marker = `\u0001marker\u0001`;
  const copy = structuredClone(body) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  parent[path[path.length - 1]] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), rawJson);
}

const pathName = (path: (string | number)[]) => path.join('.') || '(body)';

/** The route's request with a malformed piece, for the route's audience (token may be null for open routes). */
export class FuzzCaseBuilder {
  constructor(
    private readonly random: SeededRandom,
    private readonly resources: TenantResources,
  ) {}

  /** The route's edge bodies (see Route.edges): well-formed, still to be refused. */
  edgeCases(route: Route, token: string | null): FuzzCase[] {
    const headers: Record<string, string> = { ...JSON_TYPE, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const path = fillPath(route, route.params?.(this.resources) ?? {});
    return (route.edges?.(this.resources) ?? []).map(([what, body]) => ({ what, request: { method: route.method, path, headers, body: JSON.stringify(body) } }));
  }

  /** Every malformed variant of one route's request this builder knows. */
  casesFor(route: Route, token: string | null): FuzzCase[] {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const params = route.params?.(this.resources) ?? {};
    const path = fillPath(route, params);
    const query = route.query ? `?${new URLSearchParams(route.query)}` : '';
    const base = { method: route.method, path: `${path}${query}`, headers: auth };
    const cases: FuzzCase[] = [
      ...this.unparseableBodies(base),
      ...this.badPathIds(route, params, query, auth),
      ...this.badQueries(route, path, auth),
      ...(route.audience === 'open' ? [] : this.badCredentials(base)),
    ];
    if (route.body === 'json') cases.push(...this.badJsonBodies(base, route.json!(this.resources) as Json));
    if (route.body === 'multipart') cases.push(...this.badUploads(base));
    return cases;
  }

  /** Bodies no JSON parser accepts, sent to every route (the parser runs before any handler). */
  private unparseableBodies(base: RawRequest): FuzzCase[] {
    const valid = JSON.stringify({ name: this.random.chars(8, 'abc') });
    const truncated = valid.slice(0, this.random.int(1, valid.length - 1));
    const bodies: [string, Buffer | string, Record<string, string>?][] = [
      ['truncated JSON', truncated],
      ['JSON with a trailing comma', '{"name":"x",}'],
      ['single-quoted JSON', "{'name':'x'}"],
      ['JSON with NaN', '{"count":NaN}'],
      ['JSON with a comment', '{"name":"x"/* c */}'],
      ['two JSON documents', '{"a":1}{"b":2}'],
      ['a bare word', 'undefined'],
      ['10 MB of JSON', `{"name":"${'x'.repeat(TEN_MB)}"}`],
      ['UTF-8 JSON declared as UTF-16', valid, { 'content-type': 'application/json; charset=utf-16' }],
      ['a gzip body that is not gzip', valid, { 'content-encoding': 'gzip' }],
      ['an unknown content encoding', valid, { 'content-encoding': 'zstd-unknown' }],
      ['invalid UTF-8 in a JSON string', Buffer.concat([Buffer.from('{"name":"a'), this.random.pick(INVALID_UTF8), Buffer.from('b"}')])],
    ];
    return bodies.map(([what, body, headers]) => ({ what, request: { ...base, headers: { ...base.headers, ...JSON_TYPE, ...headers }, body } }));
  }

  private badPathIds(route: Route, params: Record<string, string>, query: string, auth: Record<string, string>): FuzzCase[] {
    const bads = BAD_IDS.filter((bad) => !route.pathName?.test(bad));
    return Object.keys(params).flatMap((name) =>
      bads.map((bad) => {
        // Each bad id is written as is: some are percent-encoded on purpose, one is raw latin-1 bytes.
        const path = route.path.replace(/:(\w+)/g, (_, param: string) => (param === name ? bad : encodeURIComponent(params[param])));
        const body = route.body === 'json' ? JSON.stringify(route.json!(this.resources)) : undefined;
        return {
          what: `:${name} = ${JSON.stringify(bad.slice(0, 40))}`,
          request: { method: route.method, path: `${path}${query}`, headers: { ...auth, ...(body ? JSON_TYPE : {}) }, body },
        };
      }),
    );
  }

  private badQueries(route: Route, path: string, auth: Record<string, string>): FuzzCase[] {
    if (!route.query) return [];
    const valid = route.query;
    const body = route.body === 'json' ? JSON.stringify(route.json!(this.resources)) : undefined;
    const headers = { ...auth, ...(body ? JSON_TYPE : {}) };
    const encoded = (entries: [string, string][]) => entries.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
    return Object.keys(valid).flatMap((name) => {
      const others = Object.entries(valid).filter(([k]) => k !== name).map(([k, v]) => [k, encodeURIComponent(v)] as [string, string]);
      return [
        ...BAD_QUERY_VALUES.map((bad) => ({ what: `?${name}=${bad.slice(0, 40)}`, query: encoded([...others, [name, bad]]) })),
        { what: `?${name} twice`, query: encoded([...others, [name, encodeURIComponent(valid[name])], [name, encodeURIComponent(valid[name])]]) },
      ].map(({ what, query }) => ({ what, request: { method: route.method, path: `${path}?${query}`, headers, body } }));
    });
  }

  private badCredentials(base: RawRequest): FuzzCase[] {
    const tokens = ['Bearer', 'Bearer ', `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Bearer \xff\xfe\xfd', `Bearer ${'A'.repeat(8000)}`, 'Bearer llmk_zzzzzzzz_x'];
    return tokens.map((authorization) => ({
      what: `Authorization: ${JSON.stringify(authorization.slice(0, 30))}`,
      request: { ...base, headers: { authorization } },
    }));
  }

  /** The route's valid body made invalid one way at a time: its type, content type, an unknown member, one field. */
  private badJsonBodies(base: RawRequest, valid: Json): FuzzCase[] {
    const text = JSON.stringify(valid);
    const json = (what: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE): FuzzCase => ({
      what,
      request: { ...base, headers: { ...base.headers, ...headers }, body },
    });
    const cases: FuzzCase[] = [
      json('an array body', `[${text}]`),
      json('an array nested 20,000 deep', '['.repeat(20_000) + ']'.repeat(20_000)),
      json('JSON null', 'null'),
      json('a JSON string', JSON.stringify(text)),
      json('a JSON number', '42'),
      json('JSON as text/plain', text, { 'content-type': 'text/plain' }),
      json('JSON without a content type', text, {}),
      json('the fields form-encoded', new URLSearchParams(flatForm(valid)).toString(), { 'content-type': 'application/x-www-form-urlencoded' }),
      json('the fields as multipart', multipartOf(flatForm(valid)), { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }),
      json('JSON as XML', `<body>${text}</body>`, { 'content-type': 'application/xml' }),
    ];
    for (const name of UNKNOWN_NAMES) {
      const value = this.random.pick(typedValues(this.random).filter((v) => v !== null));
      cases.push(json(`an unknown member ${JSON.stringify(name)}`, `${text.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`));
    }
    for (const leaf of leaves(valid)) {
      const at = pathName(leaf.path);
      const digits = typeof leaf.value === 'string' && /^\d+$/.test(leaf.value);
      // A whole number may also be sent as a digit string (and the other way round): both are the same type then.
      const wrongTypes = typedValues(this.random).filter(
        (v) => (typeof v !== typeof leaf.value || Array.isArray(v) !== Array.isArray(leaf.value)) && !(digits && typeof v === 'number'),
      );
      for (const wrong of wrongTypes) cases.push(json(`${at} = ${JSON.stringify(wrong)}`, replaceLeaf(valid, leaf.path, JSON.stringify(wrong))));
      if (typeof leaf.value === 'number' || digits) {
        for (const huge of HUGE_NUMBER_TEXTS) cases.push(json(`${at} = ${huge}`, replaceLeaf(valid, leaf.path, huge)));
        for (const huge of HUGE_DIGIT_STRINGS) cases.push(json(`${at} = "${huge}"`, replaceLeaf(valid, leaf.path, JSON.stringify(huge))));
      }
      if (typeof leaf.value === 'string') {
        // Just under the 100 kB body limit, which answers every larger body (the 10 MB one above) with 413.
        cases.push(json(`${at} = 90 kB`, replaceLeaf(valid, leaf.path, JSON.stringify(this.random.chars(90_000, 'abcdefgh ')))));
        cases.push(json(`${at} with a lone surrogate`, replaceLeaf(valid, leaf.path, `"${leaf.value}\\ud800"`)));
        cases.push(json(`${at} with NUL`, replaceLeaf(valid, leaf.path, `"${leaf.value}\\u0000"`)));
        const bad = this.random.pick(INVALID_UTF8);
        const [before, after] = replaceLeaf(valid, leaf.path, '"\u0001split\u0001"').split('\u0001split\u0001');
        cases.push(json(`${at} with invalid UTF-8`, Buffer.concat([Buffer.from(before), Buffer.from(String(leaf.value)), bad, Buffer.from(after)])));
      }
    }
    return cases;
  }

  /** Uploads that are not one well-formed file: wrong types, broken multipart, bad query, too large, bad contents. */
  private badUploads(base: RawRequest): FuzzCase[] {
    const file = (filename: string, content: Buffer | string) => multipartOf({}, { filename, content });
    const upload = (what: string, body: Buffer | string, contentType = `multipart/form-data; boundary=${BOUNDARY}`): FuzzCase => ({
      what,
      request: { ...base, headers: { ...base.headers, 'content-type': contentType }, body },
    });
    const valid = file('ok.jsonl', '{"text":"fine"}\n');
    return [
      upload('JSON instead of a file', '{"text":"hello"}', 'application/json'),
      upload('multipart without a boundary', valid, 'multipart/form-data'),
      upload('multipart with another boundary', valid, 'multipart/form-data; boundary=not-the-boundary'),
      upload('multipart cut short', valid.subarray(0, valid.length - 20)),
      upload('multipart with no parts', `--${BOUNDARY}--\r\n`),
      upload('a text field and no file', multipartOf({ text: 'hello' })),
      upload('an empty file', file('empty.jsonl', '')),
      upload('a binary .txt', file('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]))),
      upload('a non-UTF-8 .txt', file('latin1.txt', Buffer.concat([Buffer.from('caf'), this.random.pick(INVALID_UTF8), Buffer.from(' au lait')]))),
      upload('malformed JSONL', file('bad.jsonl', '{"text": broken\n')),
      upload('a .pdf', file('report.pdf', '%PDF-1.4')),
      upload('a file with no name', file('', 'hello')),
      upload('a filename with NUL and traversal', file('../../x\u0000.txt', Buffer.from([0x00, 0x01]))),
      upload('a fake gzip', file('fake.txt.gz', 'not gzip')),
      upload('3 MB past the upload limit', file('big.txt', 'word '.repeat(600_000))),
      ...BAD_QUERY_VALUES.slice(0, 6).map((bad) => ({
        what: `?split=${bad}`,
        request: { ...base, path: `${base.path.split('?')[0]}?split=${bad}`, headers: { ...base.headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: valid },
      })),
      { what: 'an unknown query parameter', request: { ...base, path: `${base.path}&unknown=1`, headers: { ...base.headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: valid } },
    ];
  }
}

const BOUNDARY = 'chain-fuzz-boundary';

function flatForm(valid: Json): Record<string, string> {
  return Object.fromEntries(leaves(valid).map((leaf) => [pathName(leaf.path), String(leaf.value)]));
}

function multipartOf(fields: Record<string, string>, file?: { filename: string; content: Buffer | string }): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'latin1'));
  }
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'latin1'));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}
