import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SimulatorEntry } from './simulator-entry.js';

// File references are strings ending in .json; inline values are anything else.
const isFileReference = (value: unknown): value is string => typeof value === 'string' && value.endsWith('.json');

function readJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(path.resolve(dir, file), 'utf8')) as unknown;
}

/**
 * Reads a connector package's `simulator.yaml` from `dir` (a path or a `file:` URL), replacing
 * every file reference (`request.body`, `request.query`, `response.body`, `notFound.body`, a
 * `.json` path relative to `dir`) with the file's JSON, and validates the result.
 */
export function loadSimulatorEntry(dir: string | URL): SimulatorEntry {
  const base = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const file = path.join(base, 'simulator.yaml');
  const raw = parse(readFileSync(file, 'utf8')) as { routes?: unknown; notFound?: { body?: unknown } } | null;
  const resolve = (value: unknown) => (isFileReference(value) ? readJson(base, value) : value);
  const routes = Array.isArray(raw?.routes)
    ? raw.routes.map((item: unknown) => {
        const route = (item ?? {}) as { request?: Record<string, unknown>; response?: Record<string, unknown> };
        return {
          ...route,
          ...(route.request ? { request: { ...route.request, body: resolve(route.request.body), query: resolve(route.request.query) } } : {}),
          ...(route.response ? { response: { ...route.response, body: resolve(route.response.body) } } : {}),
        };
      })
    : raw?.routes;
  const notFound = raw?.notFound ? { ...raw.notFound, body: resolve(raw.notFound.body) } : undefined;
  const parsed = SimulatorEntry.safeParse({ ...raw, routes, ...(notFound ? { notFound } : {}) });
  if (!parsed.success) throw new SimulatorEntryError(file, z.prettifyError(parsed.error));
  return parsed.data;
}

/** A simulator.yaml that does not match the format in docs/connector-yaml.md. */
export class SimulatorEntryError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} is invalid:\n${detail}`);
    this.name = 'SimulatorEntryError';
  }
}
