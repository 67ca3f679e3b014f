import pino, { Logger } from 'pino';

/** One JSON logger per process; Nest, kafkajs and the platform's own workers all write through it. */
export function createRootLogger(serviceName: string, level: string): Logger {
  return pino({ level, base: { service: serviceName, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
