import { ServiceProcess } from '@llmchain/testing';

export type MappedRoute = { method: string; path: string };

const MAPPED = /^Mapped \{(\S+), ([A-Z]+)\} route$/;

/**
 * The HTTP routes a running service mapped, from the line Nest's router logs for each one at boot
 * ("Mapped {/corpora/:id, GET} route"): what the process actually serves, whatever module or library it came from.
 */
export function mappedRoutes(service: ServiceProcess): MappedRoute[] {
  const routes: MappedRoute[] = [];
  for (const line of service.output) {
    let message: unknown;
    try {
      message = (JSON.parse(line) as { msg?: unknown }).msg;
    } catch {
      continue;
    }
    const match = typeof message === 'string' ? MAPPED.exec(message) : null;
    if (match) routes.push({ path: match[1], method: match[2] });
  }
  if (routes.length === 0) throw new Error(`${service.name} logged no mapped routes: it must run with LOG_LEVEL=info`);
  return routes;
}
