import { z } from 'zod';
import { ANY_OBJECT } from './constraints/json-schema-nodes';
import { compileGrammar, OutputGrammar } from './output-grammar';

/** OpenAI's response_format on chat completions. */
export const responseFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes'),
      description: z.string().max(4096).optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/** The grammar a response_format asks for; none for text. */
export function responseFormatGrammar(format: z.infer<typeof responseFormatSchema> | null | undefined): OutputGrammar | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { key: 'json_object', root: ANY_OBJECT, param: 'response_format' };
  // No schema: any JSON object, as OpenAI's json_schema without one.
  if (!format.json_schema.schema) return { key: 'json_object', root: ANY_OBJECT, param: 'response_format' };
  return compileGrammar(format.json_schema.schema, 'response_format.json_schema.schema');
}
