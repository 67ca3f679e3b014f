import { REPO_ROOT } from '@llmchain/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Where this Jest worker builds and serves the app: suites in two workers at once each rebuild their own copy (a
 * build empties its directory first), and a worker's suites, which run one after another, reuse one directory.
 */
export const DIST_DIR = path.join(REPO_ROOT, '.cache/dashboard-dist', `worker-${process.env.JEST_WORKER_ID ?? '1'}`);

/** The SHA-256 of every file the build in DIST_DIR was made from, by its path from the repository root. */
const INPUTS_FILE = path.join(DIST_DIR, 'build-inputs.json');

/**
 * Builds the single-page app the way `nx build dashboard` does, unless DIST_DIR already holds a build of the same
 * inputs: a build takes 12-29 s of both cores while the services boot, and the browser suites run one after another.
 * Jest sets NODE_ENV=test, which Vite would bake in, shipping React's development build (StrictMode running every
 * effect twice); the test drives the production build users get. Asynchronous, so a suite boots its services and its
 * browser while Vite builds.
 */
export async function buildDashboard(): Promise<void> {
  if (builtFromTheseInputs()) return;
  rmSync(INPUTS_FILE, { force: true });
  const args = ['build', '--config', 'apps/dashboard/vite.config.mts', '--outDir', DIST_DIR, '--logLevel', 'warn'];
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules/.bin/vite'), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const inputs = new Set([...treeInputs(), ...sourcemapInputs()]);
  writeFileSync(INPUTS_FILE, JSON.stringify(Object.fromEntries([...inputs].sort().map((file) => [file, digest(file)]))));
}

function builtFromTheseInputs(): boolean {
  let recorded: Record<string, string>;
  try {
    recorded = JSON.parse(readFileSync(INPUTS_FILE, 'utf8')) as Record<string, string>;
  } catch {
    return false;
  }
  // A file added to the app's tree is new input; a recorded one that changed or went missing is changed input.
  const files = new Set([...Object.keys(recorded), ...treeInputs()]);
  return [...files].every((file) => recorded[file] === digest(file));
}

/**
 * The app's own files (styles and the page included, which no sourcemap names), Vite's config and the locked
 * package versions, which stand for everything under node_modules.
 */
function treeInputs(): string[] {
  const tree = readdirSync(path.join(REPO_ROOT, 'apps/dashboard/src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
  return [...tree, 'apps/dashboard/index.html', 'apps/dashboard/vite.config.mts', 'package-lock.json'];
}

/** The workspace files outside the app that the bundle holds code of (another app's constants), by its sourcemaps. */
function sourcemapInputs(): string[] {
  const assets = path.join(DIST_DIR, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.map'))
    .flatMap((name) => (JSON.parse(readFileSync(path.join(assets, name), 'utf8')) as { sources: string[] }).sources)
    .map((source) => path.relative(REPO_ROOT, path.resolve(assets, source)))
    .filter((file) => !file.startsWith('..') && !file.startsWith(`node_modules${path.sep}`));
}

function digest(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(path.join(REPO_ROOT, file))).digest('hex');
  } catch {
    return 'missing';
  }
}
