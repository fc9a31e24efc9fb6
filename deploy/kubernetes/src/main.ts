import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enabledFromEnv, searchPathsFromEnv } from '@hub/catalog';
import { deploymentOptionsFromEnv } from './deployment-options.js';
import { synthesize } from './synth.js';

/** The committed manifests: deploy/kubernetes/dist/hub.k8s.yaml. */
const MANIFEST_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'hub.k8s.yaml');

// Options and the catalog (HUB_CONNECTORS, HUB_CONNECTOR_PATHS) come from the environment, as for the hub's processes.
const yaml = await synthesize(deploymentOptionsFromEnv(process.env), { searchPaths: searchPathsFromEnv(process.env), enabled: enabledFromEnv(process.env) });
const out = process.argv[2] ?? MANIFEST_FILE;
await mkdir(dirname(out), { recursive: true });
await writeFile(out, yaml);
console.log(`wrote ${out} (${Buffer.byteLength(yaml)} bytes)`);
