import { readdirSync, readFileSync } from 'node:fs';

/**
 * A service process's CPU seconds so far, every thread's (the model's worker, V8's helpers) summed from the kernel's
 * scheduler statistics (nanoseconds on the CPU). Read from /proc rather than the service's /metrics: rendering
 * /metrics costs the service several milliseconds of CPU, which a caller polling for quiet would itself keep up.
 */
export function serviceCpuSeconds(pid: number): number {
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanoseconds / 1e9;
}
