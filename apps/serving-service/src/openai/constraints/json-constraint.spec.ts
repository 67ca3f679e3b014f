import { Rng } from '@llmchain/model-runtime';
import { Tokenizer, trainBpe } from '@llmchain/tokenizer';
import { randomWalk } from './__fixtures__/random-walk';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SCHEMA_BATTERY } from './__fixtures__/schema-battery';
import { JsonSchemaConstraint } from './json-constraint';
import { ANY_OBJECT, compileSchema, UnsupportedSchemaError } from './json-schema-nodes';
import { schemaMasks } from './schema-masks-cache';

const ajv = addFormats(new Ajv2020({ strict: false }));

/** Nesting depth of a value's arrays and objects. */
const nesting = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(nesting)) : 0;

describe('JsonSchemaConstraint', () => {
  let tokenizer: Tokenizer;
  let eos: number;

  beforeAll(async () => {
    const corpus = ['{"name": "Ann", "age": 31, "tags": ["a", "bc"], "ok": true, "x": -2.5e3, "note": null}', 'the cat sat on the mat. ', 'één café – 日本 ✓ '];
    tokenizer = await trainBpe([corpus.join('\n').repeat(10)], { vocabSize: 400, minFrequency: 2 });
    eos = tokenizer.eosTokenId as number;
  });

  it.each(Object.keys(SCHEMA_BATTERY))('writes only output the %s schema accepts, ending within the token budget', (name) => {
    const schema = SCHEMA_BATTERY[name];
    const validate = ajv.compile(schema);
    const masks = schemaMasks(tokenizer, schema, [eos]);
    for (let seed = 1; seed <= 12; seed++) {
      const budget = masks.minimumBytes + 1 + ((seed * 7) % 40);
      const { text, ended } = randomWalk(tokenizer, new JsonSchemaConstraint(masks), eos, budget, new Rng(seed));
      expect({ text, ended }).toEqual({ text, ended: true });
      const value = JSON.parse(text);
      expect({ text, errors: validate(value) ? null : validate.errors }).toEqual({ text, errors: null });
    }
  });

  it('unrolls a recursive $ref a bounded number of times and still writes the deepest level', () => {
    const masks = schemaMasks(tokenizer, SCHEMA_BATTERY.recursiveTree, [eos]);
    const depths = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const { text, ended } = randomWalk(tokenizer, new JsonSchemaConstraint(masks), eos, 400, new Rng(seed));
      if (ended) depths.add(nesting(JSON.parse(text)));
    }
    // Each level is a node object and its children array: 4 expansions nest at most 8 deep.
    expect(Math.max(...depths)).toBeLessThanOrEqual(8);
    expect(depths.size).toBeGreaterThan(1);
  });

  it('writes some JSON object in json_object mode', () => {
    const masks = schemaMasks(tokenizer, 'json_object', [eos], () => ANY_OBJECT);
    for (let seed = 1; seed <= 12; seed++) {
      const { text, ended } = randomWalk(tokenizer, new JsonSchemaConstraint(masks), eos, 30 + seed * 5, new Rng(seed));
      expect(ended).toBe(true);
      const value = JSON.parse(text);
      expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
    }
  });

  it('refuses keywords it cannot honour, naming them', () => {
    const refusal = (schema: object) => {
      try {
        compileSchema(schema);
      } catch (error) {
        return error instanceof UnsupportedSchemaError ? error.message : String(error);
      }
      return 'compiled';
    };
    expect(refusal({ type: 'object', properties: { a: { type: 'string', pattern: '^a+$' } }, required: ['a'] })).toMatch(/unsupported keyword pattern at schema\.properties\.a/);
    expect(refusal({ type: 'array', items: { type: 'integer' }, uniqueItems: true, allOf: [] })).toMatch(/unsupported keywords uniqueItems, allOf/);
    expect(refusal({ type: 'string', format: 'email' })).toMatch(/unsupported string format "email"/);
    expect(refusal({ $defs: { n: { type: 'array', items: { $ref: '#/$defs/n' }, minItems: 1 } }, $ref: '#/$defs/n' })).toMatch(/recursive \$ref never ends within 4 levels/);
    expect(refusal({ $defs: { n: { type: 'object', properties: { next: { $ref: '#/$defs/n' } }, required: ['next'] } }, $ref: '#/$defs/n' })).toMatch(/recursive \$ref never ends/);
    expect(refusal({ type: 'object', properties: { a: { $ref: 'https://example.com/s.json#/a' } } })).toMatch(/unresolvable \$ref "https:\/\/example\.com\/s\.json#\/a" .*remote references are not fetched/);
    expect(refusal({ type: 'integer', minimum: 3, maximum: 2 })).toMatch(/no integer lies within its bounds/);
  });
});
