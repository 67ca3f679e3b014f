import pino, { Logger } from 'pino';
import { REDACTED, secretRedactionPaths } from './secret-redaction';

/**
 * One JSON logger per process; Nest, kafkajs and the platform's own workers all write through it. Credentials are
 * redacted here, once, so no request log, error or event a service writes can carry an API key or a password.
 */
export function createRootLogger(serviceName: string, level: string): Logger {
  return pino({
    level,
    base: { service: serviceName, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: secretRedactionPaths(), censor: REDACTED },
  });
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
