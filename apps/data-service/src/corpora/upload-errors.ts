import { HttpException, HttpStatus } from '@nestjs/common';

export type UploadProblem =
  | 'not_multipart'
  | 'no_file'
  | 'too_many_files'
  | 'unsupported_type'
  | 'too_large'
  | 'not_gzip'
  | 'invalid_utf8'
  | 'binary'
  | 'malformed_jsonl'
  | 'empty'
  | 'line_too_long'
  | 'document_too_large'
  | 'unknown_field'
  | 'malformed_source'
  | 'too_slow';

/** A rejected upload: the HTTP status, a machine-readable problem, and a message that says what to fix. */
export function uploadRejected(status: HttpStatus, problem: UploadProblem, message: string, lines?: number[]): HttpException {
  return new HttpException(
    { statusCode: status, error: HttpStatus[status], problem, message, ...(lines ? { lines } : {}) },
    status,
  );
}
