import { Counter } from 'prom-client';

/**
 * Messages parked on a `<topic>.dlq`, by source topic. One counter per process, whichever DeadLetterPublisher
 * parked the message (the platform's consumer, billing's batch consumers); PlatformMetrics serves it at /metrics.
 */
export const deadLettersPublished = new Counter({
  name: 'kafka_dead_letters_total',
  help: 'Messages a consumer could not accept and parked on the dead-letter topic, by source topic',
  labelNames: ['topic'],
  registers: [],
});
