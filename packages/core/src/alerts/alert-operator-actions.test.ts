import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../event-store/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { AlertLifecycle } from './alert-lifecycle.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('alertops');
});
afterAll(async () => {
  await db.drop();
});

const lifecycle = () => new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger, targets: ['slack', 'webhook'] });
async function deliveries(alertId: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ d: string }>(`SELECT target || ':' || transition AS d FROM alert_deliveries WHERE alert_id = $1 ORDER BY id`, [alertId]);
  return rows.map((r) => r.d);
}
async function events(connector: string, type: string): Promise<{ stream: string; actor: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.admin.query(`SELECT stream, actor, data FROM events WHERE connector = $1 AND type = $2 ORDER BY id`, [connector, type]);
  return rows as { stream: string; actor: string; data: Record<string, unknown> }[];
}
const openAlert = async (connector: string, kind: 'permanent_failure' | 'data_format' | 'circuit_open' = 'permanent_failure') =>
  (await lifecycle().open(connector, kind, { evidence: { code: 'HUB_ACTION_PERMANENT' } }))?.alert.id as string;

describe('acknowledging an alert', () => {
  it('records the first operator and tells whoever was told of the raise; a second acknowledgement changes nothing', async () => {
    const alerts = lifecycle();
    const id = await openAlert('ackco');
    const first = await alerts.acknowledge(id, 'slack:U0ALICE');
    expect(first.acknowledged).toBe(true);
    expect(first.alert).toMatchObject({ acknowledgedBy: 'slack:U0ALICE', acknowledgedAt: expect.any(Date) });
    const second = await alerts.acknowledge(id, 'slack:U0BOB');
    expect(second).toMatchObject({ acknowledged: false, alert: { acknowledgedBy: 'slack:U0ALICE' } });
    expect(await events('ackco', 'alert.acknowledged')).toEqual([{ stream: id, actor: 'slack:U0ALICE', data: { alertId: id, kind: 'permanent_failure' } }]);
    expect(await deliveries(id)).toEqual(['slack:raised', 'webhook:raised', 'slack:acknowledged', 'webhook:acknowledged']);
  });

  it('does not acknowledge a resolved alert, and a missing one is HUB_ALERT_NOT_FOUND', async () => {
    const alerts = lifecycle();
    const id = await openAlert('ackresolvedco');
    await alerts.resolveById(id, 'cli:ops');
    expect(await alerts.acknowledge(id, 'slack:U0ALICE')).toMatchObject({ acknowledged: false, alert: { status: 'resolved', acknowledgedBy: null } });
    await expect(alerts.acknowledge('0190a6c4-0000-7000-8000-000000000000', 'slack:U0ALICE')).rejects.toMatchObject({ code: 'HUB_ALERT_NOT_FOUND' });
    expect(await events('ackresolvedco', 'alert.acknowledged')).toEqual([]);
  });
});

describe('muting a connector', () => {
  it("'*' mutes every kind of the connector: open alerts record alert.muted and have their messages edited, a new kind raises silently, other connectors are untouched", async () => {
    const alerts = lifecycle();
    const [failure, format, elsewhere] = [await openAlert('muteallco'), await openAlert('muteallco', 'data_format'), await openAlert('notmutedco')];
    const { until, alerts: reached } = await alerts.muteConnector('muteallco', '*', 2 * 3_600_000, 'slack:U0ALICE');
    expect(until.getTime()).toBeGreaterThan(Date.now() + 7_100_000);
    expect(reached.map((a) => a.id).sort()).toEqual([failure, format].sort());
    for (const id of [failure, format]) {
      expect(await alerts.get(id)).toMatchObject({ mutedUntil: until, mutedBy: 'slack:U0ALICE' });
      expect(await deliveries(id)).toEqual(['slack:raised', 'webhook:raised', 'slack:muted', 'webhook:muted']);
    }
    expect((await events('muteallco', 'alert.muted')).map((e) => [e.stream, e.actor, e.data.scope])).toEqual(
      expect.arrayContaining([
        [failure, 'slack:U0ALICE', '*'],
        [format, 'slack:U0ALICE', '*'],
      ]),
    );
    const circuit = await lifecycle().open('muteallco', 'circuit_open', { evidence: {} });
    expect(circuit?.alert.mutedUntil).toEqual(until);
    expect(await deliveries(circuit?.alert.id as string)).toEqual([]);
    expect((await alerts.get(elsewhere))?.mutedUntil).toBeNull();
    expect(await alerts.mutes('muteallco')).toEqual([{ connector: 'muteallco', scope: '*', until, by: 'slack:U0ALICE' }]);
  });

  it('records a mute that reaches no open alert as an event of its own', async () => {
    const { alerts: reached } = await lifecycle().muteConnector('quietco', 'permanent_failure', 1_800_000, 'slack:U0ALICE');
    expect(reached).toEqual([]);
    const [muted, ...more] = await events('quietco', 'alert.muted');
    expect(more).toEqual([]);
    expect(muted).toMatchObject({ actor: 'slack:U0ALICE', data: { alertId: null, scope: 'permanent_failure', kind: 'permanent_failure' } });
  });

  it('a mute by alert id also edits that alert\'s message', async () => {
    const id = await openAlert('muteidco');
    const muted = await lifecycle().mute(id, 3_600_000, 'api:ops');
    expect(muted).toMatchObject({ mutedBy: 'api:ops', mutedUntil: expect.any(Date) });
    expect(await deliveries(id)).toEqual(['slack:raised', 'webhook:raised', 'slack:muted', 'webhook:muted']);
  });
});

describe('unmuting', () => {
  it('lifts every mute of the connector: muted open alerts become audible, record alert.unmuted and have their messages edited', async () => {
    const alerts = lifecycle();
    const id = await openAlert('unmuteco');
    await alerts.muteConnector('unmuteco', '*', 3_600_000, 'slack:U0ALICE');
    await alerts.muteConnector('unmuteco', 'data_format', 3_600_000, 'slack:U0ALICE');
    const { removed, alerts: audible } = await alerts.unmute('unmuteco', undefined, 'slack:U0BOB');
    expect(removed.map((r) => r.scope).sort()).toEqual(['*', 'data_format']);
    expect(audible.map((a) => a.id)).toEqual([id]);
    expect((await alerts.get(id))?.mutedUntil).toBeNull();
    expect(await events('unmuteco', 'alert.unmuted')).toEqual([{ stream: id, actor: 'slack:U0BOB', data: { alertId: id, kind: 'permanent_failure', removed: expect.arrayContaining(['*', 'data_format']) } }]);
    expect(await deliveries(id)).toEqual(['slack:raised', 'webhook:raised', 'slack:muted', 'webhook:muted', 'slack:unmuted', 'webhook:unmuted']);
    expect(await alerts.mutes('unmuteco')).toEqual([]);
  });

  it('lifting one kind leaves an alert under the connector-wide mute muted; nothing muted: nothing removed, nothing recorded', async () => {
    const alerts = lifecycle();
    const id = await openAlert('partialco');
    await alerts.muteConnector('partialco', '*', 3_600_000, 'slack:U0ALICE');
    await alerts.muteConnector('partialco', 'permanent_failure', 600_000, 'slack:U0ALICE');
    const partial = await alerts.unmute('partialco', 'permanent_failure', 'slack:U0BOB');
    expect(partial.removed.map((r) => r.scope)).toEqual(['permanent_failure']);
    expect(partial.alerts).toEqual([]);
    expect((await alerts.get(id))?.mutedUntil).not.toBeNull();
    expect(await deliveries(id)).not.toContain('slack:unmuted');

    const before = (await events('nothingco', 'alert.unmuted')).length;
    expect(await alerts.unmute('nothingco', undefined, 'slack:U0BOB')).toEqual({ removed: [], alerts: [] });
    expect(await events('nothingco', 'alert.unmuted')).toHaveLength(before);
  });
});

describe('an alert raised while muted', () => {
  it('is announced once when no mute covers it any more (two replicas at once), not while muted, and not once resolved', async () => {
    let clock = Date.now();
    const at = () => new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger, targets: ['slack', 'webhook'], now: () => new Date(clock) });
    await at().muteConnector('quietco', '*', 3_600_000, 'slack:U0ALICE');
    const id = (await at().open('quietco', 'permanent_failure', { evidence: { code: 'HUB_ACTION_PERMANENT' } }))?.alert.id as string;
    const resolvedId = (await at().open('quietco', 'data_format', { evidence: { code: 'HUB_PAYLOAD_INVALID' } }))?.alert.id as string;
    expect(await deliveries(id)).toEqual([]);
    // Other tests of this file leave alerts of their own connectors: only quietco's are looked at.
    const quiet = async () => (await at().announceUnmuted()).filter((a) => a.connector === 'quietco');
    expect(await quiet()).toEqual([]); // still muted: nobody is told
    await at().resolve('quietco', 'data_format', { reason: 'recovered' });

    clock += 3_600_001; // the mute ran out with the failure still open
    const [first, second] = await Promise.all([quiet(), quiet()]);
    expect([...(first ?? []), ...(second ?? [])].map((a) => a.id)).toEqual([id]);
    expect(await deliveries(id)).toEqual(['slack:raised', 'webhook:raised']);
    expect(await deliveries(resolvedId)).toEqual([]);
    expect((await events('quietco', 'alert.announced')).map((e) => e.stream)).toEqual([id]);
    expect(await quiet()).toEqual([]);
  });
});
