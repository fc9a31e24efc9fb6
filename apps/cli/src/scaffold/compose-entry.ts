import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { hubError } from '@hub/core/errors';

/** The worker service a connector gets in docker/compose.yaml: its own image, built from the shared Dockerfile. */
export function composeWorkerService(id: string): string {
  return [
    `  worker-${id}:`,
    '    <<: *worker',
    `    image: hub-worker-${id}:latest`,
    `    build: { context: .., dockerfile: docker/Dockerfile, target: worker, args: { <<: *build-args, CONNECTOR: ${id} } }`,
    '',
  ].join('\n');
}

function secretEnvName(id: string): string {
  return `${id.toUpperCase().replaceAll('-', '_')}_WEBHOOK_SECRET`;
}

/** docker/compose.yaml of the repository a new package goes into: the nearest one above it. */
export function findComposeFile(packageDir: string): string | undefined {
  for (let dir = dirname(packageDir), depth = 0; depth < 3; dir = dirname(dir), depth += 1) {
    const candidate = join(dir, 'docker', 'compose.yaml');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Adds a connector to compose: a `worker-<id>` service before the top-level `volumes:` and its
 * webhook secret in the ingress environment. Text edits, so the file's comments and anchors stay
 * as written; the result is parsed again before it is saved. Returns false when already present.
 */
export async function addComposeWorker(composeFile: string, id: string): Promise<boolean> {
  const text = await readFile(composeFile, 'utf8');
  if (text.includes(`\n  worker-${id}:\n`)) return false;
  const volumes = text.lastIndexOf('\nvolumes:\n');
  if (volumes < 0) throw hubError('HUB_CLI_USAGE', `${composeFile} has no top-level "volumes:" to add the worker before; add the service by hand:\n${composeWorkerService(id)}`);
  // After the last service, before the blank line that separates it from `volumes:`.
  const at = text.slice(0, volumes + 1).endsWith('\n\n') ? volumes : volumes + 1;
  let next = `${text.slice(0, at)}${composeWorkerService(id)}${text.slice(at)}`;
  const secrets = [...next.matchAll(/^ {6}[A-Z0-9_]+_WEBHOOK_SECRET: .*$/gm)];
  const last = secrets.at(-1);
  if (last?.index !== undefined) {
    const end = last.index + last[0].length;
    const name = secretEnvName(id);
    next = `${next.slice(0, end)}\n      ${name}: \${${name}:-}${next.slice(end)}`;
  }
  parse(next, { merge: true }); // throws rather than save a file compose cannot read
  await writeFile(composeFile, next);
  return true;
}
