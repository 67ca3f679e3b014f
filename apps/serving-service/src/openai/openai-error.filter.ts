import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { OpenAiError } from './openai-error';

/** Answers every error of the /v1 routes in OpenAI's shape, including Nest's own (a malformed JSON body, say). */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const error = toOpenAiError(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
    response.writeHead(error.status, headers).end(JSON.stringify(error.body));
  }
}

export function toOpenAiError(exception: unknown): OpenAiError {
  if (exception instanceof OpenAiError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
    const message = Array.isArray(detail) ? detail.join('; ') : String(detail);
    if (status === 401) return OpenAiError.unauthorized(message);
    if (status < 500) return new OpenAiError(status, message, 'invalid_request_error');
  }
  return new OpenAiError(500, 'The server had an error while processing your request.', 'server_error');
}
