import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const services: { name: string; port: number }[] = JSON.parse(readFileSync(new URL('../../tools/services.json', import.meta.url), 'utf8'));
const port = (name: string) => services.find((s) => s.name === name)?.port;

// `vite` (dev) proxies /api/<service>/ like the dashboard server does, to the ports in tools/services.json.
const proxy = Object.fromEntries(
  ['data', 'training', 'serving', 'billing'].map((key) => [
    `/api/${key}`,
    { target: `http://127.0.0.1:${port(`${key}-service`)}`, rewrite: (path: string) => path.replace(`/api/${key}`, '') },
  ]),
);

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  // 1600 kB: Swagger UI (the API reference) is one 1.5 MB chunk, loaded only when a reference page opens.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1600 },
  server: { port: 3000, proxy },
});
