import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes a hub.config.yaml in a new temporary folder with one route, for hub processes started
 * as children: Stripe payment_intent.succeeded -> POST <downstream>/ledger { payment, hubEventId }.
 */
export async function writeLedgerRoutesFile(downstreamUrl: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-routes-'));
  const file = path.join(dir, 'hub.config.yaml');
  const route = {
    name: 'ledger',
    on: { connector: 'stripe', event: 'payment_intent.succeeded' },
    action: { connector: 'http', name: 'post' },
    input: `{ "url": "${downstreamUrl}/ledger", "body": { "payment": data.object.id, "hubEventId": $eventId } }`,
  };
  await writeFile(file, stringify({ routes: [route] }));
  return { dir, file };
}
