// Preloaded into serving-service by bench:serve --cpu-prof (NODE_OPTIONS=--require …: Node refuses --cpu-prof there):
// samples the main thread with V8's profiler from start-up and writes CPU_PROFILE_FILE when the process exits.
const { isMainThread } = require('node:worker_threads');

if (isMainThread && process.env.CPU_PROFILE_FILE) {
  const inspector = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 1000) });
  session.post('Profiler.start');
  // A session on this thread answers synchronously, so the profile is written before the process is gone.
  process.on('exit', () => session.post('Profiler.stop', (error, result) => error || writeFileSync(process.env.CPU_PROFILE_FILE, JSON.stringify(result.profile))));
}
