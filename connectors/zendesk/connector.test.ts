import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { normalizeFixture } from '@hub/core/processing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

/** The fixture of an event (or a variant of it), normalised by the worker's own function. */
const canonical = (eventType: string, payload?: unknown) => normalizeFixture(connector, eventType, payload);
describe('zendesk canonical adapters', () => {
  it('maps ticket.created to a Ticket with Zendesk upper-case status and priority in the model spelling', async () => {
    expect(await canonical('zen:event-type:ticket.created')).toEqual({
      ok: true,
      model: 'Ticket',
      version: expect.any(String),
      value: {
        source: { connector: 'zendesk', id: '5158' },
        subject: 'Help, my printer is on fire!',
        description: 'The fire is very colorful.',
        status: 'new',
        priority: 'low',
        requesterEmail: null,
        createdAt: '2025-01-08T10:12:07Z',
      },
    });
  });

  it('maps ticket.status_changed to the ticket in its new status', async () => {
    expect(await canonical('zen:event-type:ticket.status_changed')).toMatchObject({ ok: true, value: { status: 'solved' } });
  });

  it('maps the HOLD status to on_hold and an absent priority to null', async () => {
    const fixture = connector.fixtures['zen:event-type:ticket.created'] as { detail: Record<string, unknown> };
    const held = { ...fixture, detail: { ...fixture.detail, status: 'HOLD', priority: null } };
    expect(await canonical('zen:event-type:ticket.created', held)).toMatchObject({ ok: true, value: { status: 'on_hold', priority: null } });
  });
});
