import type { TrainingSchemas } from '@llmchain/api-client';
import { SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobEvent, TrainingClient, TrainingJob } from './training-client';

const FINISHED = ['succeeded', 'failed', 'cancelled'];
const POLL_MS = 1000;

/**
 * Follows a job until it ends: status changes, warnings and checkpoints as lines, training as a progress bar with the
 * live loss, tokens/s and ETA. `onLoss` receives each progress point (the loss curve).
 */
export async function followJob(
  client: TrainingClient,
  jobId: string,
  out: NodeJS.WriteStream = process.stdout,
  onLoss: (step: number, loss: number) => void = () => undefined,
): Promise<TrainingJob> {
  const bar = new SingleBar({
    format: ' training |{bar}| {value}/{total} steps | loss {loss} | {rate} tok/s | ETA {eta_formatted}',
    hideCursor: true,
    stream: out,
    etaBuffer: 20,
  });
  let barStarted = false;
  let after: string | null = null;
  const line = (text: string) => {
    if (barStarted) bar.stop();
    barStarted = false;
    out.write(`${text}\n`);
  };
  for (;;) {
    const events: JobEvent[] = await client.eventsAfter(jobId, after);
    for (const event of events) {
      after = event.id;
      if (event.type === 'progress' && event.data) {
        // A progress event's data is the job's progress snapshot (other event types carry other data).
        const { step, totalSteps, loss, tokensPerSecond } = event.data as TrainingSchemas['TrainingJobProgress'];
        onLoss(step, loss);
        if (!barStarted) {
          bar.start(totalSteps, 0, { loss: '-', rate: '-' });
          barStarted = true;
        }
        bar.update(step, { loss: loss.toFixed(4), rate: Math.round(tokensPerSecond) });
      } else if (event.type !== 'phase' || !barStarted) {
        line(`${event.level === 'info' ? ' ' : '!'} ${event.message}`);
      }
    }
    const job = await client.job(jobId);
    if (FINISHED.includes(job.status) && events.length === 0) {
      if (barStarted) bar.stop();
      return job;
    }
    await sleep(POLL_MS);
  }
}
