import { ServiceProcess } from '@llmchain/testing';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU time a process has used so far, in clock ticks (user + system, fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(process: ServiceProcess): number {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Which of several worker processes is doing the work (training a model runs a core flat out; an idle worker sleeps
 * on Redis): the one that used the most CPU over `windowMs`.
 */
export async function busiestProcess(processes: ServiceProcess[], windowMs = 1_000): Promise<ServiceProcess> {
  const before = processes.map(cpuTicks);
  await sleep(windowMs);
  const used = processes.map((p, i) => cpuTicks(p) - before[i]);
  return processes[used.indexOf(Math.max(...used))];
}
