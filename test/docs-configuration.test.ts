import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { BaseEnv, RelayEnv, RetentionEnv } from '@hub/core/config';
import { UpEnv } from '../apps/cli/src/commands/up.js';
import { EmbeddedEnv } from '../apps/cli/src/embedded/local-services.js';
import { ConsoleEnv } from '../apps/console/src/config.js';
import { IngressEnv } from '../apps/ingress/src/config.js';
import { SlackEnv } from '../apps/slack/src/config.js';
import { WorkerEnv } from '../apps/worker/src/config.js';
import { SynthEnv } from '../deploy/kubernetes/src/deployment-options.js';

// docs/configuration.md is the list of every setting: a variable a process parses must be in it,
// and a variable in it must still be read somewhere.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMAS: Record<string, z.ZodObject> = { BaseEnv, IngressEnv, WorkerEnv, ConsoleEnv, SlackEnv: SlackEnv as unknown as z.ZodObject, UpEnv, EmbeddedEnv, RelayEnv, RetentionEnv, SynthEnv };
/** Where variables are read: sources, scripts, tests and images (not dependencies, not builds). */
const READERS = ['apps', 'packages', 'connectors', 'deploy', 'scripts', 'test', 'docker'];

function keysOf(schema: z.ZodObject): string[] {
  // SlackEnv is refined: its object is the refinement's input.
  const shape = (schema as { shape?: Record<string, unknown> }).shape ?? (schema as unknown as { _zod: { def: { in?: { shape: Record<string, unknown> } } } })._zod.def.in?.shape ?? {};
  return Object.keys(shape);
}

/** The variables named in the first cell of each table row. */
function documented(): Set<string> {
  const text = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
  const names = new Set<string>();
  for (const [, cell = ''] of text.matchAll(/^\|([^|]+)\|/gm)) for (const [, name = ''] of cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(name);
  return names;
}

function sourceText(): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|js|yaml|sh)$|Dockerfile$/.test(entry) && !entry.endsWith('.test.ts')) parts.push(readFileSync(full, 'utf8'));
    }
  };
  for (const dir of READERS) walk(path.join(ROOT, dir));
  return parts.join('\n');
}

describe('docs/configuration.md', () => {
  const listed = documented();

  it('lists every variable of the config schemas', () => {
    const missing = Object.entries(SCHEMAS).flatMap(([name, schema]) => keysOf(schema).filter((key) => !listed.has(key)).map((key) => `${key} (${name})`));
    expect(keysOf(WorkerEnv).length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('lists only variables something still reads', () => {
    const text = sourceText();
    const gone = [...listed].filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    expect(listed.size).toBeGreaterThan(80);
    expect(gone).toEqual([]);
  });
});
