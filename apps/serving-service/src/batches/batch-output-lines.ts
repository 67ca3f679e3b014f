import { batchRequestId } from './batch-answer-recorder';

export type AnsweredRow = { line: number; custom_id: string; state: string; status_code: number | null; response: unknown };

/** The output file (status 200) and error file (every other answer, and on expiry what never ran) in OpenAI's line shape. */
export function batchOutputLines(batchId: string, rows: AnsweredRow[], expired: boolean): { output: string[]; errors: string[] } {
  const output: string[] = [];
  const errors: string[] = [];
  for (const row of rows) {
    const id = batchRequestId(batchId, row.line);
    if (row.state === 'done') {
      const line = JSON.stringify({ id, custom_id: row.custom_id, response: { status_code: row.status_code, request_id: id, body: row.response }, error: null });
      (row.status_code === 200 ? output : errors).push(line);
    } else if (expired) {
      const error = { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' };
      errors.push(JSON.stringify({ id, custom_id: row.custom_id, response: null, error }));
    }
  }
  return { output, errors };
}
