import { FormEvent, useState } from 'react';
import { ApiError, fieldError } from '../api/api-error';

export type Problems = Record<string, string | undefined>;

/**
 * A form's submission: the form's own checks run first (nothing is sent while any fails), then the request; its
 * refusal is kept so each field shows the API's message about it, and the rest shows at the form.
 */
export function useSubmit<T>(validate: () => Problems, submit: () => Promise<T>, onDone?: (result: T) => void) {
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    const found = Object.fromEntries(Object.entries(validate()).filter(([, problem]) => problem)) as Problems;
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(event);
      return;
    }
    setBusy(true);
    try {
      const result = await submit();
      onDone?.(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  // The API fields this render shows beside their inputs; the form-level message leaves them out.
  const shownFields = new Set<string>();
  /** What to show under a field: the form's own problem, else what the API said about it. */
  const problem = (field: string, apiField = field) => {
    shownFields.add(apiField);
    return problems[field] ?? fieldError(error, apiField);
  };
  /** The refusal less what fields already show (render it after the fields). */
  const formError = (): unknown => {
    if (!(error instanceof ApiError)) return error;
    // A field shows its "<field>: …" messages, and an OpenAI-shaped refusal's message where its `param` names the field.
    const rest = error.messages.filter((message) => ![...shownFields].some((f) => message.startsWith(`${f}: `) || message.startsWith(`${f}.`) || error.fieldErrors[f] === message));
    return rest.length ? new ApiError(error.status, rest, {}) : null;
  };
  return { onSubmit, problems, error, busy, problem, formError, setError };
}

function focusFirstInvalid(event?: FormEvent) {
  const form = event?.currentTarget as HTMLFormElement | undefined;
  // After React re-renders aria-invalid onto the fields.
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

export const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
export const isWholeNumber = (value: string) => /^\d+$/.test(value.trim());
