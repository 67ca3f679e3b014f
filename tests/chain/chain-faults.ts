import { ServiceProcess } from '@llmchain/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SeededRandom } from '../../tools/corpus-generator/random';

const run = promisify(execFile);
const RESTART = path.resolve(__dirname, '../../infra/restart.sh');

export type Fault = 'data-service' | 'training-service' | 'training-worker' | 'serving-service' | 'billing-service' | 'kafka' | 'redis' | 'postgres';

/** The stretches of the chain where faults land, in the order the chain goes through them. */
export const PHASES = ['cleaning', 'training', 'serving'] as const;
export type Phase = (typeof PHASES)[number];

/** A fault fires once its phase has come `at` of the way (0…1), or when the chain has left that phase. */
export type PlannedFault = { fault: Fault; phase: Phase; at: number };
export type InjectedFault = PlannedFault & { progress: number; duringPhase: boolean; startedAt: string; recoveredInMs: number };

/**
 * A seeded plan: each service is killed where its work is under way (data while it cleans, training and its worker while
 * a job runs, serving and billing while completions are metered), and Kafka, Redis and Postgres each restart in a
 * phase the seed picks. In the training phase the worker dies first, while its job has most of its steps to go, and
 * training-service last: it takes longest to come back, and the job would end while it does.
 */
export function planFaults(seed: number): PlannedFault[] {
  const random = new SeededRandom(seed);
  const between = (low: number, high: number) => Math.round((low + random.next() * (high - low)) * 100) / 100;
  const planned: PlannedFault[] = [
    // As soon as a worker runs the cleaning: its documents are cleaned within a second or two, in one or two bursts, so
    // a later point would often find the run already finished.
    { fault: 'data-service', phase: 'cleaning', at: 0.01 },
    { fault: 'training-worker', phase: 'training', at: between(0.1, 0.3) },
    { fault: 'training-service', phase: 'training', at: between(0.6, 0.9) },
    { fault: 'serving-service', phase: 'serving', at: between(0.1, 0.8) },
    { fault: 'billing-service', phase: 'serving', at: between(0.1, 0.8) },
  ];
  for (const fault of ['kafka', 'redis', 'postgres'] as const) {
    const phase = random.pick(['training', 'serving'] as const);
    planned.push({ fault, phase, at: phase === 'training' ? between(0.3, 0.6) : between(0.1, 0.8) });
  }
  return planned.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.at - b.at);
}

/** Where the chain is: the phase it is in (an index into PHASES; PHASES.length once past them) and how far along. */
export type ChainPosition = { phase: () => number; progress: (phase: Phase) => Promise<number> };

/**
 * Fires the planned faults one after the other while the chain runs: SIGKILLs a process and starts it again at once,
 * or restarts a server with infra/restart.sh, and waits until every process answers ready before the next fault.
 */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  /** Set when the chain failed: no further fault fires while the stack is torn down. */
  stopped = false;

  constructor(
    private readonly plan: PlannedFault[],
    private readonly processes: Record<Exclude<Fault, 'kafka' | 'redis' | 'postgres'>, ServiceProcess>,
    private readonly position: ChainPosition,
  ) {}

  async run(): Promise<void> {
    for (const planned of this.plan) {
      const phase = PHASES.indexOf(planned.phase);
      let progress = 0;
      for (;;) {
        if (this.stopped) return;
        if (this.position.phase() > phase) break;
        if (this.position.phase() === phase) {
          progress = await this.position.progress(planned.phase).catch(() => 0);
          if (progress >= planned.at) break;
        }
        await sleep(100);
      }
      const duringPhase = this.position.phase() === phase;
      const started = Date.now();
      await this.inject(planned.fault);
      this.injected.push({ ...planned, progress, duringPhase, startedAt: new Date(started).toISOString(), recoveredInMs: Date.now() - started });
    }
  }

  private async inject(fault: Fault): Promise<void> {
    if (fault === 'kafka' || fault === 'redis' || fault === 'postgres') {
      await run('bash', [RESTART, fault], { timeout: 300_000 });
    } else {
      const process = this.processes[fault];
      const exit = await process.kill('SIGKILL');
      if (exit.signal !== 'SIGKILL') throw new Error(`${fault} ended by ${JSON.stringify(exit)} before it could be killed:\n${process.tail()}`);
      process.start();
    }
    await Promise.all(Object.values(this.processes).map((p) => p.waitReady(180_000)));
  }
}
