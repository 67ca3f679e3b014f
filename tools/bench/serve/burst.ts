import { setTimeout as sleep } from 'node:timers/promises';
import { median, percentile } from '../generate/timing';
import { StreamTiming } from './stream-once';

const ROUNDS = 12;
/** Longer than the service's per-tenant caches (limits, aliases) keep a value: every burst finds them expired. */
const IDLE_MS = 1500;

/**
 * A tenant's burst after a quiet spell: `streams` simultaneous one-request streams (16; 1 is a sparse tenant's lone
 * request) after the service sat idle for 1.5 s, ROUNDS times (the first not counted). Prints TTFT p50 and p99 over
 * every request, and the median per burst of its last first token (the whole burst served).
 */
export async function burstBench(send: (i: number) => Promise<StreamTiming>, streams = 16): Promise<void> {
  if (!Number.isInteger(streams) || streams < 1) throw new Error(`--streams takes a positive integer (got ${streams})`);
  const ttfts: number[] = [];
  const lasts: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    await sleep(IDLE_MS);
    const timings = await Promise.all(Array.from({ length: streams }, (_, i) => send(round * streams + i)));
    if (round === 0) continue;
    ttfts.push(...timings.map((t) => t.ttftMs));
    lasts.push(Math.max(...timings.map((t) => t.ttftMs)));
  }
  console.log(`burst of ${streams} after ${IDLE_MS} ms idle, ${ROUNDS} rounds: TTFT p50 ${percentile(ttfts, 50).toFixed(1)} ms, p99 ${percentile(ttfts, 99).toFixed(1)} ms; last first token of a burst, median ${median(lasts).toFixed(1)} ms`);
  console.log(JSON.stringify({ bench: 'serve-burst', ttft_p50_ms: Number(percentile(ttfts, 50).toFixed(1)), ttft_p99_ms: Number(percentile(ttfts, 99).toFixed(1)), last_first_token_ms: Number(median(lasts).toFixed(1)) }));
}
