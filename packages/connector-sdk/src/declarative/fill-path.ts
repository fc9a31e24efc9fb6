const PLACEHOLDER = /\{([A-Za-z_][\w.]*)\}/g;

/** Names of the `{name}` placeholders of a path template. */
export function pathPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

function valueAt(input: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), input);
}

// A dot segment (also `..;x`, which Tomcat-style servers read as `..`), a slash or backslash.
const SEGMENT_CHANGER = /^\.{1,2}(?:;.*)?$|[/\\]/;
// A control character: some servers cut the path at a NUL or a line break.
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const MAX_DECODES = 4;

/**
 * Whether a value, as sent or as any server along the way might decode it (percent-decoding,
 * repeated, and Unicode compatibility forms such as a full-width solidus), could end its path
 * segment or climb out of it. encodeURIComponent alone is not enough: `%2F` becomes `%252F`,
 * which a proxy that decodes twice turns back into `/`.
 */
export function changesPathSegment(value: string): boolean {
  let current = value;
  for (let i = 0; i <= MAX_DECODES; i += 1) {
    if (SEGMENT_CHANGER.test(current) || SEGMENT_CHANGER.test(current.normalize('NFKC')) || hasControl(current)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false; // a stray % decodes no further
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true; // still decoding after that many rounds: nobody legitimate sends that
}

export type FilledPath = { ok: true; path: string } | { ok: false; placeholder: string; reason: 'missing' } | { ok: false; placeholder: string; reason: 'unsafe'; value: string };

/**
 * Fills `{name}` (or `{customer.id}`) from the input, URL-encoding each value. A value that could
 * change which endpoint is called (`.`, `..`, `/`, `\`, `%2f`, anything that decodes to one of
 * those) is refused, as is a placeholder without a string or number value.
 */
export function fillPath(template: string, input: unknown): FilledPath {
  let problem: Exclude<FilledPath, { ok: true }> | undefined;
  const path = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = valueAt(input, name);
    if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) {
      const text = String(value);
      if (!changesPathSegment(text)) return encodeURIComponent(text);
      problem ??= { ok: false, placeholder: name, reason: 'unsafe', value: text };
      return '';
    }
    problem ??= { ok: false, placeholder: name, reason: 'missing' };
    return '';
  });
  return problem ?? { ok: true, path };
}
