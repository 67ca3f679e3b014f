import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export const readRepoFile = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/**
 * Every YAML document in a repository file, as plain data. Merge keys (`<<: *anchor`) are resolved as Compose and
 * Kubernetes tools resolve them; a syntax error fails with the file's name and the parser's position.
 */
export function readYamlDocuments(relative: string): unknown[] {
  return parseAllDocuments(readRepoFile(relative), { merge: true, prettyErrors: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS({ maxAliasCount: 1000 });
  }).filter((doc) => doc !== null);
}

export function readYaml<T = Record<string, unknown>>(relative: string): T {
  const [doc, ...more] = readYamlDocuments(relative);
  if (more.length > 0) throw new Error(`${relative}: expected one YAML document, found ${more.length + 1}`);
  return doc as T;
}
