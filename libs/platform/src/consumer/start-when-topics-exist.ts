import type { Logger } from 'pino';

/**
 * Starts a consumer of its own (one outside Nest's microservice) once its topics exist: the platform creates them in
 * its own bootstrap hook, which may run after the consumer's. Retries each second until started or `stopped()`.
 */
export async function startWhenTopicsExist(
  consumer: { start(): Promise<void>; stop(): Promise<void> },
  stopped: () => boolean,
  logger: Logger,
): Promise<void> {
  while (!stopped()) {
    try {
      await consumer.start();
      return;
    } catch (error) {
      logger.warn({ err: error }, 'consumer could not start yet; retrying');
      await consumer.stop().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
