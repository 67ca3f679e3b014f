import { LoginThrottledException } from './login-throttled.exception';

/**
 * At most `concurrency` password hashes at once in this process, and at most `queueLimit` logins waiting for one:
 * Argon2id costs ~19 MiB and tens of milliseconds of CPU per hash, so a login flood would otherwise take the
 * process's memory and every core. The cap is per process because the CPU and memory it protects are.
 */
export class PasswordHashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new LoginThrottledException(1, 'too many logins at once: try again in a second');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await hash();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
