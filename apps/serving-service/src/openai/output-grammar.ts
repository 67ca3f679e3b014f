import { TokenConstraint } from '@llmchain/model-runtime';
import { OpenAiError } from '../common/openai-error';
import { JsonSchemaConstraint } from './constraints/json-constraint';
import { compileSchema, SchemaNode, UnsupportedSchemaError } from './constraints/json-schema-nodes';
import { MaskCompileBudget } from './constraints/mask-compile-budget';
import { schemaMasks } from './constraints/schema-masks-cache';
import { LoadedModel } from '../models/served-model';

/** What a request's output must follow: a compiled schema, the text it was compiled from (its cache key), and the parameter that asked for it. */
export interface OutputGrammar {
  key: string;
  root: SchemaNode;
  param: string;
}

/** First-visit mask compilation one request may spend (MaskCompileBudget): about 90 new states on an 8k vocabulary. */
export const MASK_COMPILE_BUDGET_MS = 2_000;

/** Compiles a request's schema, or answers 400 naming the parameter and what in the schema cannot be honoured. */
export function compileGrammar(schema: unknown, param: string): OutputGrammar {
  try {
    return { key: JSON.stringify(schema), root: compileSchema(schema), param };
  } catch (error) {
    if (!(error instanceof UnsupportedSchemaError)) throw error;
    throw OpenAiError.invalid(`Invalid schema for ${param}: ${error.message}.`, param, 'invalid_json_schema');
  }
}

/**
 * The constraint each choice of a request runs with: the grammar's masks over the model's vocabulary (cached per
 * schema), and a 400 when max_tokens cannot hold even the shortest valid output.
 */
export function grammarConstraint(grammar: OutputGrammar, budgetMs = MASK_COMPILE_BUDGET_MS) {
  return (loaded: LoadedModel, eosTokenIds: number[], maxNewTokens: number): (() => TokenConstraint) => {
    const masks = schemaMasks(loaded.tokenizer, grammar.key, eosTokenIds, () => grammar.root);
    if (masks.minimumBytes + 1 > maxNewTokens) {
      throw OpenAiError.invalid(
        `max_tokens (${maxNewTokens}) is too small for the requested output format: its shortest valid output needs up to ${masks.minimumBytes + 1} tokens.`,
        'max_tokens',
      );
    }
    const budget = new MaskCompileBudget(
      budgetMs,
      (spentMs) =>
        OpenAiError.invalid(
          `The output format of ${grammar.param} took more than its ${budgetMs} ms of token-mask compilation in this request (${Math.round(spentMs)} ms spent); ` +
            'masks compiled so far are kept, so retrying goes further, or simplify the schema (fewer anyOf branches and enum values, bounded strings).',
          grammar.param,
          'output_format_too_costly',
        ),
    );
    return () => new JsonSchemaConstraint(masks, budget);
  };
}
