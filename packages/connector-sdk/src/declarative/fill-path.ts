const PLACEHOLDER = /\{([A-Za-z_][\w.]*)\}/g;

/** Names of the `{name}` placeholders of a path template. */
export function pathPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

function valueAt(input: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), input);
}

/**
 * Fills `{name}` (or `{customer.id}`) from the input, URL-encoding each value so `a/b` cannot
 * reach another path. Returns the name of a placeholder without a string or number value instead.
 */
export function fillPath(template: string, input: unknown): { ok: true; path: string } | { ok: false; missing: string } {
  let missing: string | undefined;
  const path = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = valueAt(input, name);
    if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) return encodeURIComponent(String(value));
    missing ??= name;
    return '';
  });
  return missing === undefined ? { ok: true, path } : { ok: false, missing };
}
