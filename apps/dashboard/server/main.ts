import { once } from 'node:events';
import { loadDashboardConfig, withoutCredentials } from './dashboard-config';
import { createDashboardServer } from './dashboard-server';

/** `node -r @swc-node/register apps/dashboard/server/main.ts`: serves the built dashboard and proxies the APIs. */
async function main(): Promise<void> {
  const config = loadDashboardConfig();
  const server = createDashboardServer(config);
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const upstreams = Object.fromEntries(Object.entries(config.upstreams).map(([service, url]) => [service, withoutCredentials(url)]));
  console.log(JSON.stringify({ msg: 'dashboard listening', url: `http://${config.host}:${port}`, upstreams }));
  const stop = () => {
    server.close(() => process.exit(0));
    // A streaming chat holds its connection open; give running requests a moment, then end them.
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
