import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under a directory, as sorted paths relative to it. A directory that cannot be read throws: a check that
 * compares two listings must not pass because both came back empty.
 */
export function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}
