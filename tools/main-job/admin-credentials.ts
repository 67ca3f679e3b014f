import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RUN_DIR } from './service-launcher';

/**
 * billing-service's bootstrap admin for the local platform: made up on the first run and kept in .cache/run/admin.json
 * (mode 600), so the admin's password is stable across runs and never a default anyone could guess.
 */
export function mainJobAdmin(): { email: string; password: string } {
  return kept('admin.json', () => ({ email: 'admin@llmchain.local', password: randomBytes(12).toString('base64url') }));
}

/** The key webhook signing secrets are encrypted with, kept likewise: a new key would leave stored secrets unreadable. */
export function mainJobWebhookKey(): string {
  return kept('webhook-key.json', () => ({ key: randomBytes(32).toString('base64') })).key;
}

function kept<T>(name: string, make: () => T): T {
  const file = path.join(RUN_DIR, name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const value = make();
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return value;
}
