import { useState } from 'react';
import { usePolling } from './use-resource';

/**
 * A record polled until it is finished (a run, a crawl), with the last refusal; `act` sends a change (cancel) whose
 * answer replaces the record.
 */
export function usePolledRecord<T>(load: () => Promise<T>, intervalMs: number, isFinished: (record: T) => boolean) {
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const settle = async (call: () => Promise<T>) => {
    try {
      setRecord(await call());
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  const finished = record !== null && isFinished(record);
  usePolling(() => settle(load), intervalMs, !finished);
  return { record, error, finished, act: (call: () => Promise<T>) => void settle(call) };
}
