import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runConnectorsValidate } from './connectors.js';

const acmeDir = fileURLToPath(new URL('../../../../packages/connector-sdk/src/declarative/__fixtures__/acme/', import.meta.url));
const scratch = await mkdtemp(join(tmpdir(), 'hub-connectors-validate-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('hub connectors validate', () => {
  it('prints the id, version and counts of a valid declaration (file or folder) and exits 0', async () => {
    for (const path of [join(acmeDir, 'connector.yaml'), acmeDir]) {
      const { out, err, output } = capture();
      expect(await runConnectorsValidate(path, output)).toBe(0);
      expect(out).toEqual(['ok acme@1.2.0: 2 events, 7 actions']);
      expect(err).toEqual([]);
    }
  });

  it('prints file:line:col and the field of each problem and exits 1', async () => {
    const file = join(scratch, 'connector.yaml');
    await writeFile(file, 'id: broken\nversion: 1.0.0\nname: Broken\nactions:\n  ping:\n    description: Ping\n    method: PONG\n    path: /ping\n    input: { type: object }\n');
    const { out, err, output } = capture();
    expect(await runConnectorsValidate(file, output)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/connector\.yaml:7:5 actions\.ping\.method: Invalid option/);
  });

  it('reports a path with no declaration as a problem, not a crash', async () => {
    const { err, output } = capture();
    expect(await runConnectorsValidate(join(scratch, 'nowhere'), output)).toBe(1);
    expect(err[0]).toMatch(/nowhere:1:1 cannot read the declaration \(ENOENT\)/);
  });
});
