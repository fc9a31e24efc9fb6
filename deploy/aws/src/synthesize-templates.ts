import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHubApp, type HubAppOptions } from './hub-app.js';

/** Synthesises the app in a scratch directory and returns each stack's template by file name. */
export async function synthesizeTemplates(options: Omit<HubAppOptions, 'outdir'>): Promise<Record<string, unknown>> {
  const outdir = await mkdtemp(join(tmpdir(), 'hub-cdk-'));
  try {
    const assembly = (await buildHubApp({ ...options, outdir })).synth();
    return Object.fromEntries(assembly.stacks.map((stack) => [stack.templateFile, stack.template as unknown]));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** A template as committed: two-space JSON and a final newline. */
export const templateText = (template: unknown) => `${JSON.stringify(template, null, 2)}\n`;
