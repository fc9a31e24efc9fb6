import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { hubError } from '../errors/index.js';
import type { EventRow } from '../event-store/index.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** One event as archived: the columns of `events`, `data` as PostgreSQL printed it (big numbers intact). */
export type ArchivedEventRow = Omit<EventRow, 'data' | 'created_at'> & {
  /** Hex, or null. */
  body_digest: string | null;
  /** jsonb as text. */
  data: string;
  /** ISO 8601 UTC with microseconds. */
  created_at: string;
};

/** One line of NDJSON; `data` is embedded as the JSON text it already is. */
function line(row: ArchivedEventRow): string {
  const { data, ...columns } = row;
  return `${JSON.stringify(columns).slice(0, -1)},"data":${data}}`;
}

/**
 * Retention's archive: gzipped NDJSON files, one folder per UTC day of the events' created_at
 * (`<dir>/2025-01-31/events-<run>-<batch>.ndjson.gz`), never appended to. Each file is written
 * under a temporary name, flushed to disk, renamed, and read back; only the ids found in it are
 * reported archived. Folders 0700, files 0600: payloads are in them.
 */
export class EventArchive {
  constructor(readonly dir: string) {}

  /** Writes `rows` (grouped by day); answers the files and the ids they are known to hold. */
  async write(name: string, rows: readonly ArchivedEventRow[]): Promise<{ files: string[]; ids: Set<string> }> {
    const byDay = new Map<string, ArchivedEventRow[]>();
    for (const row of rows) {
      const day = row.created_at.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), row]);
    }
    const files: string[] = [];
    const ids = new Set<string>();
    for (const [day, dayRows] of byDay) {
      const file = path.join(this.dir, day, `events-${name}.ndjson.gz`);
      await this.writeFile(file, dayRows.map(line).join('\n') + '\n');
      for (const id of await idsIn(file)) ids.add(id);
      files.push(file);
    }
    return { files, ids };
  }

  private async writeFile(file: string, text: string): Promise<void> {
    const temporary = `${file}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(await gzipAsync(text));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      const folder = await open(path.dirname(file), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch (err) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw hubError('HUB_RETENTION_ARCHIVE_FAILED', `could not write the archive file ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** The event ids an archive file holds, read back from disk (a truncated or corrupt file throws). */
export async function idsIn(file: string): Promise<string[]> {
  try {
    const text = (await gunzipAsync(await readFile(file))).toString('utf8');
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => (JSON.parse(l) as { id: string }).id);
  } catch (err) {
    throw hubError('HUB_RETENTION_ARCHIVE_FAILED', `the archive file ${file} does not read back: ${(err as Error).message}`, { cause: err });
  }
}
