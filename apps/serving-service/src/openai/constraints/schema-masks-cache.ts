import { Tokenizer } from '@llmchain/tokenizer';
import { SchemaMasks } from './json-constraint';
import { compileSchema, SchemaNode } from './json-schema-nodes';

/** Schemas (and their masks) kept compiled; the least recently used goes first. */
const MAX_SCHEMAS = 256;

const cache = new WeakMap<Tokenizer, Map<string, SchemaMasks>>();

/**
 * The masks of a schema over a tokenizer, compiled on its first request and cached: a schema sent again (every
 * call of an application does) costs nothing more than a lookup. Throws UnsupportedSchemaError.
 */
export function schemaMasks(tokenizer: Tokenizer, schema: unknown, eosTokenIds: readonly number[], compile: (schema: unknown) => SchemaNode = compileSchema): SchemaMasks {
  const key = `${eosTokenIds.join(',')}\n${JSON.stringify(schema)}`;
  let byKey = cache.get(tokenizer);
  if (!byKey) cache.set(tokenizer, (byKey = new Map()));
  let masks = byKey.get(key);
  if (masks) {
    byKey.delete(key);
  } else {
    masks = new SchemaMasks(compile(schema), tokenizer, eosTokenIds);
    if (byKey.size >= MAX_SCHEMAS) byKey.delete(byKey.keys().next().value as string);
  }
  byKey.set(key, masks);
  return masks;
}
