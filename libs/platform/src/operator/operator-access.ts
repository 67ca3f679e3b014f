import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../auth/bearer-token';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type OperatorRequest = { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } };

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether a request comes from the platform's operators, who may read metrics, diagnostics and readiness detail.
 * With OPERATOR_TOKEN configured (any deployment), only `Authorization: Bearer <OPERATOR_TOKEN>` counts: a
 * Prometheus scrape config or an operator's shell sends it, from wherever they run, through any proxy. Without it
 * (a developer's machine), callers on the same host count, as before; no proxy of the platform forwards these
 * routes (the dashboard server refuses them), so a loopback address is the caller's own.
 */
export function isOperator(req: OperatorRequest, operatorToken: string | undefined): boolean {
  if (operatorToken === undefined) return LOOPBACK.has(req.socket?.remoteAddress ?? '');
  const presented = bearerToken(req.headers.authorization);
  // Digests have one length, so the comparison takes the same time whatever was presented.
  return presented !== null && timingSafeEqual(digest(presented), digest(operatorToken));
}

export const OPERATOR_REFUSAL = 'operational endpoints need the operator token (Authorization: Bearer <OPERATOR_TOKEN>), or, where none is configured, a call from the service host';
