import { stopService } from './service-launcher';
import services from '../services.json';

/** `npm run stop`: SIGTERM every service the main job started, and wait for each to drain. */
async function stop() {
  for (const { name } of services) process.stdout.write(`${name}: ${await stopService(name)}\n`);
}

void stop();
