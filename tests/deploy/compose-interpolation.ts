/**
 * Compose's variable interpolation, the forms docker-compose.yml uses: `${NAME}`, `${NAME:?message}` (required: an
 * unset or empty NAME stops compose with the message) and `$$` (a literal `$`, left for the container's shell).
 * Other forms are refused, so the file stays within what this test can check.
 */
export function interpolate(value: string, env: Record<string, string>, missing: (name: string, message: string) => void): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::\?([^}]*))?\}|\$(?!\$)/g, (match, name: string | undefined, message: string | undefined) => {
    if (match === '$$') return '$';
    if (name === undefined) throw new Error(`unsupported interpolation in ${JSON.stringify(value)}`);
    const found = env[name];
    if (found === undefined || found === '') {
      if (message !== undefined) missing(name, message);
      return '';
    }
    return found;
  });
}

/** Every `${NAME...}` a text refers to. */
export const referencedVariables = (text: string) => new Set([...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));

/** Applies interpolate to every string in a parsed compose document. */
export function interpolateAll(node: unknown, env: Record<string, string>, missing: (name: string, message: string) => void): unknown {
  if (typeof node === 'string') return interpolate(node, env, missing);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env, missing));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env, missing)]));
  return node;
}
