import type { Model } from '@kubernetes-models/base';
import { stringify } from 'yaml';

/** One YAML stream, objects in the order given; the same input gives the same bytes. */
export function renderManifests(objects: readonly Model<unknown>[], header: string): string {
  const documents = objects.map((o) => stringify(o.toJSON(), { lineWidth: 0 }));
  return `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n---\n${documents.join('---\n')}`;
}
