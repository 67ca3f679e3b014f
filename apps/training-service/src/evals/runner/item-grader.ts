import { generate } from '@llmchain/model-runtime';
import { PromptInput, TestingCriterion } from '../eval.dto';
import { renderTemplate, resolveReference, TemplateNamespaces, TemplateReferenceError } from '../item-template';
import { sentenceBleu } from '../metrics/bleu';
import { fuzzyMatch } from '../metrics/fuzzy-match';
import { rougeL } from '../metrics/rouge-l';
import { stringCheck } from '../metrics/string-check';
import { CriterionResult } from './criterion-tally';
import { embeddingCosine } from './embedding-similarity';
import { EvalEmbedder, EvalModel } from './eval-models';
import { continuationLogLikelihood } from './log-likelihood';
import { encodePrompt, stopTokenIds } from './prompt-encoding';
import { RunUsage } from './usage-meter';

/** An item that cannot be graded as asked (a reference it lacks, a prompt too long): recorded on the item, the run goes on. */
export class ItemGradingError extends Error {}

export interface GraderContext {
  /** The model under test: multiple choice scores its log-likelihoods. */
  model: EvalModel;
  graders: (modelId: string) => Promise<EvalModel>;
  /** The models cosine criteria embed with. */
  embedders: (modelId: string) => Promise<EvalEmbedder>;
  usage: RunUsage;
  maxTokensPerItem: number;
}

/** Token ids within what the model's context and EVAL_MAX_TOKENS_PER_ITEM allow, or an item error naming the bound. */
export function assertTokenBudget(model: EvalModel, tokens: number, maxTokensPerItem: number, what: string): void {
  const limit = Math.min(model.model.shape.contextLength, maxTokensPerItem);
  if (tokens > limit) {
    throw new ItemGradingError(`${what} takes ${tokens} tokens; ${model.name} may take ${limit} per call (its context, EVAL_MAX_TOKENS_PER_ITEM)`);
  }
}

/** Grades one item on every criterion; a criterion that cannot be graded records its error and the others still run. */
export async function gradeItem(criteria: readonly TestingCriterion[], namespaces: TemplateNamespaces, context: GraderContext): Promise<CriterionResult[]> {
  const results: CriterionResult[] = [];
  for (const criterion of criteria) {
    try {
      results.push({ testing_criteria: criterion.name, type: criterion.type, ...(await grade(criterion, namespaces, context)) });
    } catch (error) {
      if (!(error instanceof ItemGradingError || error instanceof TemplateReferenceError)) throw error;
      results.push({ testing_criteria: criterion.name, type: criterion.type, passed: false, score: null, error: error.message });
    }
  }
  return results;
}

type Verdict = Omit<CriterionResult, 'testing_criteria' | 'type'>;

async function grade(criterion: TestingCriterion, namespaces: TemplateNamespaces, context: GraderContext): Promise<Verdict> {
  switch (criterion.type) {
    case 'string_check': {
      const input = renderTemplate(criterion.input, namespaces);
      const reference = renderTemplate(criterion.reference, namespaces);
      const passed = stringCheck(input, reference, criterion.operation);
      return { passed, score: passed ? 1 : 0, detail: { input, reference, operation: criterion.operation } };
    }
    case 'text_similarity': {
      const input = renderTemplate(criterion.input, namespaces);
      const reference = renderTemplate(criterion.reference, namespaces);
      const score =
        criterion.evaluation_metric === 'bleu'
          ? sentenceBleu(input, [reference]).score / 100
          : criterion.evaluation_metric === 'rouge_l'
            ? rougeL(reference, input).fmeasure
            : criterion.evaluation_metric === 'cosine'
              ? await cosine(criterion.model as string, input, reference, context)
              : fuzzyMatch(input, reference);
      return { passed: score >= criterion.pass_threshold, score, detail: { input, reference, evaluation_metric: criterion.evaluation_metric } };
    }
    case 'multiple_choice':
      return multipleChoice(criterion, namespaces, context);
    case 'label_model': {
      const reply = await graderReply(criterion.model, criterion.input, criterion.max_completion_tokens, namespaces, context);
      const normalized = reply.trim().toLowerCase();
      // The longest label the reply begins with, so "not relevant" is not read as "not".
      const label = [...criterion.labels].sort((a, b) => b.length - a.length).find((l) => normalized.startsWith(l.toLowerCase())) ?? null;
      const passed = label !== null && criterion.passing_labels.includes(label);
      return { passed, score: passed ? 1 : 0, detail: { reply, label } };
    }
    case 'score_model': {
      const reply = await graderReply(criterion.model, criterion.input, criterion.max_completion_tokens, namespaces, context);
      const match = /-?\d+(?:\.\d+)?/.exec(reply);
      const [min, max] = criterion.range;
      const score = match ? Number(match[0]) : NaN;
      if (!(score >= min && score <= max)) throw new ItemGradingError(`the grader's reply ${JSON.stringify(reply)} holds no score in [${min}, ${max}]`);
      // Without a threshold, a score in the upper half of the range passes.
      const threshold = criterion.pass_threshold ?? (min + max) / 2;
      return { passed: score >= threshold, score, detail: { reply } };
    }
  }
}

/** The cosine of the two texts' embeddings by the criterion's model, metered to it as prompt tokens. */
async function cosine(modelId: string, input: string, reference: string, context: GraderContext): Promise<number> {
  const model = await context.embedders(modelId);
  const limit = Math.min(model.embedder.shape.contextLength, context.maxTokensPerItem);
  const [inputIds, referenceIds] = [input, reference].map((text, i) => {
    const ids = model.tokenizer.encode(text, { allowedSpecial: 'none' });
    const what = i === 0 ? 'input' : 'reference';
    if (ids.length === 0) throw new ItemGradingError(`the ${what} renders to no tokens; cosine needs text on both sides`);
    if (ids.length > limit) throw new ItemGradingError(`the ${what} takes ${ids.length} tokens; ${model.name} may embed ${limit} (its context, EVAL_MAX_TOKENS_PER_ITEM)`);
    return ids;
  });
  const score = await embeddingCosine(model, inputIds, referenceIds);
  context.usage.add(model, inputIds.length + referenceIds.length);
  return score;
}

/** A grader model's greedy reply to its prompt, metered to the grader. */
async function graderReply(modelId: string, input: PromptInput, maxTokens: number, namespaces: TemplateNamespaces, context: GraderContext): Promise<string> {
  const grader = await context.graders(modelId);
  const prompt = encodePrompt(grader.tokenizer, input, namespaces);
  assertTokenBudget(grader, prompt.length + maxTokens, context.maxTokensPerItem, "the grader's prompt and reply");
  const result = await generate(grader.model, prompt, { maxNewTokens: maxTokens, temperature: 0, eosTokenIds: stopTokenIds(grader), adapter: grader.adapter });
  context.usage.add(grader, prompt.length, result.tokens.length);
  const stops = new Set(stopTokenIds(grader));
  return grader.tokenizer.decode(result.tokens.filter((t) => !stops.has(t)));
}

function choicesOf(criterion: Extract<TestingCriterion, { type: 'multiple_choice' }>, namespaces: TemplateNamespaces): string[] {
  if (Array.isArray(criterion.choices)) return criterion.choices.map((c) => renderTemplate(c, namespaces));
  const reference = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(criterion.choices.trim())?.[1];
  const value = reference ? resolveReference(reference, namespaces) : undefined;
  if (!Array.isArray(value) || value.length < 2 || value.length > 26 || !value.every((v) => typeof v === 'string')) {
    throw new ItemGradingError(`choices ${criterion.choices} must name a list of 2 to 26 strings in the item`);
  }
  return value;
}

/**
 * lm-evaluation-harness's multiple choice: each choice's summed log-likelihood as a continuation of the context;
 * acc picks the highest sum, acc_norm (normalize 'characters') the highest per character of the choice.
 */
async function multipleChoice(
  criterion: Extract<TestingCriterion, { type: 'multiple_choice' }>,
  namespaces: TemplateNamespaces,
  { model, usage, maxTokensPerItem }: GraderContext,
): Promise<Verdict> {
  const choices = choicesOf(criterion, namespaces);
  const answerText = renderTemplate(criterion.answer, namespaces);
  const answer = choices.includes(answerText) ? choices.indexOf(answerText) : /^\d+$/.test(answerText.trim()) ? Number(answerText.trim()) : -1;
  if (!(answer >= 0 && answer < choices.length)) throw new ItemGradingError(`answer ${JSON.stringify(answerText)} is neither one of the choices nor a 0-based index of one`);
  const contextIds = model.tokenizer.encode(renderTemplate(criterion.context, namespaces), { allowedSpecial: 'none' });
  if (contextIds.length === 0) throw new ItemGradingError('the context renders to no tokens; the first choice token needs one to follow');
  const logLikelihoods: number[] = [];
  const scores: number[] = [];
  for (const choice of choices) {
    const continuation = model.tokenizer.encode(`${criterion.target_delimiter}${choice}`, { allowedSpecial: 'none' });
    if (continuation.length === 0) throw new ItemGradingError(`choice ${JSON.stringify(choice)} renders to no tokens`);
    assertTokenBudget(model, contextIds.length + continuation.length, maxTokensPerItem, 'the context with a choice');
    const logLikelihood = await continuationLogLikelihood(model, contextIds, continuation);
    usage.add(model, contextIds.length + continuation.length);
    logLikelihoods.push(logLikelihood);
    const length = criterion.normalize === 'characters' ? choice.length : criterion.normalize === 'tokens' ? continuation.length : 1;
    scores.push(logLikelihood / Math.max(1, length));
  }
  const pick = scores.indexOf(Math.max(...scores));
  const passed = pick === answer;
  return { passed, score: passed ? 1 : 0, detail: { choices, answer, pick, log_likelihoods: logLikelihoods, normalize: criterion.normalize } };
}
