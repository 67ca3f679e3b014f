import { setTimeout as sleep } from 'node:timers/promises';
import { RunningService } from './service-launcher';

export type ProbeHop = { from: string; to: string; eventId: string; arrivedMs: number; receivedAt: string };

type ProbeSummary = { latest: { eventId: string; from: string; note: string; receivedAt: string }[] };

/**
 * Each service sends one event to the next (data → training → serving → billing → data) through its outbox and
 * Kafka; each hop ends when the receiver's idempotent consumer has recorded it.
 */
export async function runProbeRing(services: RunningService[], note: string, timeoutMs = 60_000): Promise<ProbeHop[]> {
  const hops = services.map((from, i) => ({ from, to: services[(i + 1) % services.length] }));
  const started = Date.now();
  const sent = await Promise.all(
    hops.map(async ({ from, to }) => {
      const response = await fetch(`${from.url}/diagnostics/probes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: to.name, count: 1, note }),
      });
      if (response.status !== 201) throw new Error(`${from.name} refused the probe: ${await response.text()}`);
      const { firstEventId } = (await response.json()) as { firstEventId: string };
      return { from, to, eventId: firstEventId };
    }),
  );
  return Promise.all(
    sent.map(async ({ from, to, eventId }) => {
      const deadline = started + timeoutMs;
      while (Date.now() < deadline) {
        const response = await fetch(`${to.url}/diagnostics/probes?from=${from.name}&limit=20`);
        const summary = (await response.json()) as ProbeSummary;
        const arrived = summary.latest.find((r) => r.eventId === eventId);
        if (arrived) {
          return { from: from.name, to: to.name, eventId, arrivedMs: Date.now() - started, receivedAt: arrived.receivedAt };
        }
        await sleep(50);
      }
      throw new Error(`the event ${from.name} sent to ${to.name} did not arrive within ${timeoutMs / 1000} s`);
    }),
  );
}
