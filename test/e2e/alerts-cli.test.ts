import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertLifecycle, type Alert } from '@hub/core/alerts';
import { EventStore } from '@hub/core/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The built CLI (run `npx tsc -b` first), as an operator runs it.
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../apps/cli/dist/main.js');
const ACTOR = `cli:${os.userInfo().username}`;
const UNKNOWN_ID = '0190a0b0-0000-7000-8000-000000000000';

let db: TestDatabase;
let lifecycle: AlertLifecycle;
let open: Alert;
let closed: Alert;

function hub(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema, NODE_ENV: 'production' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function eventOf(alertId: string, type: string): Promise<{ actor: string | null; data: Record<string, unknown> } | undefined> {
  const { rows } = await db.admin.query<{ actor: string | null; data: Record<string, unknown> }>(`SELECT actor, data FROM events WHERE stream = $1 AND type = $2`, [alertId, type]);
  return rows[0];
}

beforeAll(async () => {
  db = await createTestDatabase('alerts_cli');
  lifecycle = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger });
  open = (await lifecycle.open('billing', 'anomaly:error_rate', { severity: 'critical', evidence: { value: 0.9, baseline: 0.01 } }))!.alert;
  closed = (await lifecycle.open('crm', 'credentials_invalid', { evidence: { account: '' } }))!.alert;
  await lifecycle.resolve('crm', 'credentials_invalid', { reason: 'credentials stored again' });
});
afterAll(async () => {
  await db.drop();
});

describe('hub alerts (the built CLI as a child process)', () => {
  it('lists open alerts by default, every alert with --all, and JSON with --json', async () => {
    const listed = await hub('alerts');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${open.id}\\s+billing\\s+anomaly:error_rate\\s+critical\\s+open`));
    expect(listed.stdout).not.toContain(closed.id);

    const all = await hub('alerts', 'list', '--all', '--json');
    expect(all.code).toBe(0);
    const alerts = JSON.parse(all.stdout) as { id: string; status: string }[];
    expect(alerts.map((a) => [a.id, a.status]).sort()).toEqual(
      [
        [open.id, 'open'],
        [closed.id, 'resolved'],
      ].sort(),
    );
  });

  it('mutes an alert for the given time, recording who muted it', async () => {
    const muted = await hub('alerts', 'mute', open.id, '--for', '1h');
    expect(muted.code).toBe(0);
    expect(muted.stdout).toContain('muted anomaly:error_rate on billing until');
    const alert = await lifecycle.get(open.id);
    const lengthMs = (alert?.mutedUntil?.getTime() ?? 0) - Date.now();
    expect(lengthMs).toBeGreaterThan(55 * 60_000);
    expect(lengthMs).toBeLessThanOrEqual(3_600_000);
    expect(await eventOf(open.id, 'alert.muted')).toMatchObject({ actor: ACTOR, data: { alertId: open.id, kind: 'anomaly:error_rate' } });
    const { rows } = await db.admin.query(`SELECT muted_by FROM alert_mutes WHERE connector = 'billing' AND kind = 'anomaly:error_rate'`);
    expect(rows).toEqual([{ muted_by: ACTOR }]);
  });

  it('acknowledges an alert once, recording who, and lifts a connector\'s mutes', async () => {
    const acked = await hub('alerts', 'ack', open.id);
    expect(acked.code).toBe(0);
    expect(acked.stdout).toContain(`acknowledged anomaly:error_rate on billing (${open.id})`);
    expect(await lifecycle.get(open.id)).toMatchObject({ acknowledgedBy: ACTOR });
    expect(await eventOf(open.id, 'alert.acknowledged')).toMatchObject({ actor: ACTOR });
    expect((await hub('alerts', 'ack', open.id)).stdout).toContain(`was already acknowledged by ${ACTOR}; nothing changed`);

    expect((await hub('alerts', 'unmute', 'billing', 'not-a-kind')).stderr).toContain('HUB_CLI_USAGE: "not-a-kind" is not an alert kind');
    const unmuted = await hub('alerts', 'unmute', 'billing');
    expect(unmuted.code).toBe(0);
    expect(unmuted.stdout).toContain('unmuted billing: anomaly:error_rate');
    expect((await db.admin.query(`SELECT 1 FROM alert_mutes WHERE connector = 'billing'`)).rows).toHaveLength(0);
    expect((await hub('alerts', 'unmute', 'billing')).stdout).toContain('nothing was muted on billing');
    // Muted again for the tests that follow.
    expect((await hub('alerts', 'mute', open.id, '--for', '1h')).code).toBe(0);
  });

  it('explains mistakes: a bad duration, an id that is not one, an unknown id, an alert already resolved', async () => {
    const badDuration = await hub('alerts', 'mute', open.id, '--for', '90x');
    expect(badDuration.code).toBe(1);
    expect(badDuration.stderr).toContain('HUB_CLI_USAGE: --for: mute duration "90x" must look like 30m, 1h or 2d');

    const tooLong = await hub('alerts', 'mute', open.id, '--for', '45d');
    expect(tooLong.stderr).toContain('HUB_CLI_USAGE');

    const notAnId = await hub('alerts', 'resolve', 'evt_123');
    expect(notAnId.code).toBe(1);
    expect(notAnId.stderr).toContain('HUB_CLI_USAGE: "evt_123" is not an alert id');

    const unknown = await hub('alerts', 'mute', UNKNOWN_ID, '--for', '1h');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`HUB_ALERT_NOT_FOUND: no alert ${UNKNOWN_ID}`);

    const again = await hub('alerts', 'resolve', closed.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`HUB_CLI_USAGE: alert ${closed.id} is already resolved`);
  });

  it('resolves an open alert by hand, recording who resolved it', async () => {
    const resolved = await hub('alerts', 'resolve', open.id);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain(`resolved anomaly:error_rate on billing (${open.id})`);
    expect(await lifecycle.get(open.id)).toMatchObject({ status: 'resolved', resolution: { by: ACTOR } });
    expect(await eventOf(open.id, 'alert.resolved')).toMatchObject({ data: { alertId: open.id, resolution: { by: ACTOR } } });
    expect((await hub('alerts')).stdout).toContain('no open alerts');
  });
});
