import { useCallback, useEffect, useState } from 'react';
import { Task } from '../api/data';
import { useDataApi } from './use-data-api';

/** The tasks handed out to one annotator: fetched on start, topped up when the queue empties after work. */
export function useTaskQueue(projectId: string, annotator: string, setError: (error: unknown) => void) {
  const api = useDataApi();
  const [queue, setQueue] = useState<Task[] | null>(null);
  const [done, setDone] = useState(0);

  const fetchTasks = useCallback(async () => {
    setError(null);
    try {
      setQueue(await api.handOut(projectId, annotator, 10));
    } catch (caught) {
      setError(caught);
    }
  }, [api, projectId, annotator, setError]);

  useEffect(() => {
    if (queue?.length === 0 && done > 0) void fetchTasks();
    // Only when the queue empties after work: a new hand-out tops it up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queue?.length]);

  /** The first task is submitted: count it and move on to the next. */
  const completed = useCallback(() => {
    setDone((n) => n + 1);
    setQueue((q) => (q ? q.slice(1) : q));
  }, []);

  return { queue, task: queue?.[0], done, fetchTasks, completed };
}
