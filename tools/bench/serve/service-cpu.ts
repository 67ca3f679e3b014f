/** A serving-service's CPU seconds so far (user + system), from its Prometheus metrics. */
export async function serviceCpuSeconds(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!match) throw new Error('the service exposes no process_cpu_seconds_total');
  return Number(match[1]);
}
