/**
 * Thrown by an event handler when the event can never be applied (it refers to something that does not exist,
 * say). The consumer dead-letters it instead of retrying. Any other error is treated as transient and retried.
 */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}
