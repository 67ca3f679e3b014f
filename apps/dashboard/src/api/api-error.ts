/**
 * An API's refusal as the dashboard shows it: the service's own messages, and those that name a field (the
 * services' validation answers `"<field.path>: what to fix"`) keyed by that field so forms show them beside it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
    readonly fieldErrors: Record<string, string>,
  ) {
    super(messages.join('; ') || `request failed with status ${status}`);
    this.name = 'ApiError';
  }

  static async from(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the text itself (a proxy's or a crashed service's answer) is the message
    }
    const messages = messagesOf(body) ?? (text ? [text.slice(0, 300)] : [`${response.status} ${response.statusText}`]);
    return new ApiError(response.status, messages, fieldErrorsOf(messages, body));
  }
}

type ErrorBody = { message?: unknown; error?: { message?: unknown; param?: unknown } };

function messagesOf(body: unknown): string[] | null {
  if (!body || typeof body !== 'object') return null;
  const { message, error } = body as ErrorBody;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  if (error && typeof error.message === 'string') return [error.message];
  return null;
}

const FIELD_MESSAGE = /^([A-Za-z][\w.]*): (.+)$/;

function fieldErrorsOf(messages: string[], body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const message of messages) {
    const match = FIELD_MESSAGE.exec(message);
    if (match && !(match[1] in fields)) fields[match[1]] = match[2];
  }
  // OpenAI-shaped errors name the parameter apart.
  const param = (body as ErrorBody | undefined)?.error?.param;
  if (typeof param === 'string' && messages[0]) fields[param] = messages[0];
  return fields;
}

/** The message for one field: its own, or the first one about something inside it (`prices.prompt.0…`). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.fieldErrors[field]) return error.fieldErrors[field];
  const nested = Object.entries(error.fieldErrors).find(([name]) => name.startsWith(`${field}.`));
  return nested ? `${nested[0].slice(field.length + 1)}: ${nested[1]}` : undefined;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.messages.join('\n') || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
