import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubError } from '@hub/core/errors';
import { addComposeWorker, composeWorkerService, findComposeFile } from '../scaffold/compose-entry.js';
import { connectorTemplate } from '../scaffold/connector-template.js';

const IdPattern = /^[a-z][a-z0-9-]{1,39}$/;

/** The SDK package folder, wherever this hub was installed. */
function sdkDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.resolve('@hub/connector-sdk'))), '..');
}

function humanName(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/** `hub connectors new <id>`: writes a connector package that passes its own tests as generated. */
export async function runConnectorsNew(id: string, options: { dir?: string | undefined }, print: (line: string) => void = console.log): Promise<string> {
  if (!IdPattern.test(id)) {
    throw hubError('HUB_CLI_USAGE', `"${id}" cannot be a connector id: use 2–40 lower-case letters, digits and dashes, starting with a letter (e.g. hub connectors new acme-crm)`);
  }
  const target = resolve(options.dir ?? 'connectors', id);
  if (!(await isEmptyOrMissing(target))) {
    throw hubError('HUB_CLI_USAGE', `${target} already exists and is not empty; choose another id or --dir`);
  }
  const sdk = sdkDir();
  const sdkVersion = (JSON.parse(await readFile(join(sdk, 'package.json'), 'utf8')) as { version: string }).version;
  const files = connectorTemplate({ id, name: humanName(id), schemaPath: relative(target, join(sdk, 'connector.schema.json')), sdkVersion });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(target, path)), { recursive: true });
    await writeFile(join(target, path), content, { flag: 'wx' });
  }
  print(`created @hub/connector-${id} in ${target}`);
  for (const path of Object.keys(files).sort()) print(`  ${path}`);
  // Its worker image: one more service in the repository's compose file (or the block to add by hand).
  const compose = findComposeFile(target);
  if (compose && (await addComposeWorker(compose, id))) print(`added worker-${id} (and ${id.toUpperCase().replaceAll('-', '_')}_WEBHOOK_SECRET for the ingress) to ${compose}`);
  else if (!compose) print(`for docker/compose.yaml, add:\n${composeWorkerService(id)}`);
  print(`next: edit connector.yaml, then \`hub connectors validate ${relative(process.cwd(), target) || '.'}\` and run its tests`);
  return target;
}
