import { formatMinorUnits, MoneyAmount } from './money';

/** The `type` values OpenAI's API uses, which its clients map to error classes. */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  | 'service_unavailable';

/** An error answered as `{error: {message, type, param, code}}` with its HTTP status, as OpenAI answers. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAiErrorType,
    readonly param: string | null = null,
    readonly code: string | null = null,
    /** Seconds, sent as Retry-After (429 and 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'OpenAiError';
  }

  get body() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  static invalid(message: string, param: string | null = null, code: string | null = null): OpenAiError {
    return new OpenAiError(400, message, 'invalid_request_error', param, code);
  }

  static unauthorized(message: string): OpenAiError {
    return new OpenAiError(401, message, 'authentication_error', null, 'invalid_api_key');
  }

  static forbidden(message: string): OpenAiError {
    return new OpenAiError(403, message, 'permission_error', null, 'insufficient_permissions');
  }

  static modelNotFound(model: string): OpenAiError {
    return new OpenAiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'not_found_error', 'model', 'model_not_found');
  }

  static rateLimited(message: string, retryAfterSeconds: number): OpenAiError {
    return new OpenAiError(429, message, 'rate_limit_error', null, 'rate_limit_exceeded', retryAfterSeconds);
  }

  static quotaExhausted(): OpenAiError {
    return new OpenAiError(
      429,
      'You exceeded your current quota: your plan stops at its included tokens. Upgrade the plan or wait for the next period.',
      'insufficient_quota',
      null,
      'insufficient_quota',
      3600,
    );
  }

  /** A prepaid tenant's credits are used up: no Retry-After, since only new credits help. */
  static creditsExhausted(): OpenAiError {
    return new OpenAiError(
      429,
      'You exceeded your current quota: your prepaid credit balance is used up. Add credits (or turn on automatic top-up) to continue.',
      'insufficient_quota',
      null,
      'insufficient_quota',
    );
  }

  /**
   * A hard budget is used up for its window: named, with the limit in the unit the tenant set it in, so they know
   * which limit to raise or wait out. A budget in money is counted in the tokens its money pays for at current
   * prices, and refused once none are left: the message says so in money, beside this request's own tokens.
   */
  static budgetExceeded(budget: { name: string; budgetId: string; limitTokens: number; limitMoney: MoneyAmount | null; windowEnd: Date }, requestTokens: number): OpenAiError {
    const { name, budgetId, limitTokens, limitMoney, windowEnd } = budget;
    const limit = limitMoney ? formatMinorUnits(limitMoney.amountMinor, limitMoney.currency) : `${limitTokens} tokens`;
    const why = limitMoney ? `: at current prices, what is left of it pays for none of the up to ${requestTokens} tokens this request may use` : '';
    return new OpenAiError(
      429,
      `Budget "${name}" (${budgetId}) of ${limit} is used up until ${windowEnd.toISOString()}${why}. Raise or remove the budget to continue sooner.`,
      'insufficient_quota',
      null,
      'budget_exceeded',
    );
  }

  static modelLoading(model: string): OpenAiError {
    return new OpenAiError(503, `The model \`${model}\` is still loading; retry shortly.`, 'service_unavailable', 'model', 'model_not_ready', 2);
  }
}
