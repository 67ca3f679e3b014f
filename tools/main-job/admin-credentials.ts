import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RUN_DIR } from './service-launcher';

const FILE = path.join(RUN_DIR, 'admin.json');

/**
 * billing-service's bootstrap admin for the local platform: made up on the first run and kept in .cache/run/admin.json
 * (mode 600), so the admin's password is stable across runs and never a default anyone could guess.
 */
export function mainJobAdmin(): { email: string; password: string } {
  if (existsSync(FILE)) return JSON.parse(readFileSync(FILE, 'utf8'));
  const admin = { email: 'admin@llmchain.local', password: randomBytes(12).toString('base64url') };
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(FILE, JSON.stringify(admin), { mode: 0o600 });
  return admin;
}
