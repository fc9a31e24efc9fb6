import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export type ReferencedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** A file path relative to the declaration's folder (read and parsed as JSON), or an inline value as is. */
export async function readReferencedJson(ref: string | Record<string, unknown>, dir: string): Promise<ReferencedJson> {
  if (typeof ref !== 'string') return { ok: true, value: ref };
  let text: string;
  try {
    text = await readFile(resolve(dir, ref), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `file not found: ${ref}` : `cannot read ${ref}: ${code ?? (err as Error).message}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `${ref} is not valid JSON: ${(err as Error).message}` };
  }
}
