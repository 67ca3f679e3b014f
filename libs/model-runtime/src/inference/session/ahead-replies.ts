import { AheadStep, AheadSteps } from '../generation/run-ahead';

/**
 * A run ahead's results as the model's thread posts them, handed to `next()` in order: those that came before they
 * were asked for wait here. A failure fails the next `next()` and every one after.
 */
export class AheadReplies<Outputs> implements AheadSteps<Outputs> {
  private readonly arrived: AheadStep<Outputs>[] = [];
  private readonly waiting: { resolve: (step: AheadStep<Outputs>) => void; reject: (error: Error) => void }[] = [];
  private error?: Error;

  constructor(readonly halt: () => void) {}

  push(step: AheadStep<Outputs>): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(step);
    else this.arrived.push(step);
  }

  reject(error: Error): void {
    this.error ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  next(): Promise<AheadStep<Outputs>> {
    const step = this.arrived.shift();
    if (step) return Promise.resolve(step);
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
