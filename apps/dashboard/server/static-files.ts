import { createReadStream, statSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * Serves the built app: a file that exists under distDir (named by the path's decoded segments), else index.html so client-side routes (/tenants/…) load
 * the app. Hashed assets are cached for a year; index.html never, so a new build is picked up at once.
 */
export function serveStatic(distDir: string, segments: string[], res: ServerResponse): void {
  // The segments are decoded and hold no '/', '.' or '..' (readRequestTarget refuses them): they stay inside distDir.
  const requested = path.join(distDir, ...segments);
  const file = segments.length > 0 && isFile(requested) ? requested : path.join(distDir, 'index.html');
  if (!isFile(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The dashboard is not built: run \`npx vite build --config apps/dashboard/vite.config.mts\` (looked in ${distDir}).\n`);
    return;
  }
  const hashedAsset = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}
