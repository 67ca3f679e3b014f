import { stopService } from './service-launcher';
import { PROCESSES } from './processes';

/** `npm run stop`: SIGTERM every service and worker the main job started, and wait for each to drain. */
async function stop() {
  for (const { name } of PROCESSES) process.stdout.write(`${name}: ${await stopService(name)}\n`);
}

void stop();
