import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { parseCanonical } from '@hub/models';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

/** The fixture of an event, parsed by the adapter version's schema and mapped, as the worker does it. */
async function canonical(eventType: string) {
  const adapter = connector.adapters![eventType]!;
  const [version] = Object.values(adapter.versions);
  const payload = version!.schema.parse(connector.fixtures[eventType]);
  return parseCanonical(adapter.model, await version!.toCanonical(payload));
}
describe('zendesk canonical adapters', () => {
  it('maps ticket.created to a Ticket with Zendesk upper-case status and priority in the model spelling', async () => {
    expect(await canonical('zen:event-type:ticket.created')).toEqual({
      ok: true,
      model: 'Ticket',
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
    const version = connector.adapters!['zen:event-type:ticket.created']!.versions['2022-11-06']!;
    const fixture = connector.fixtures['zen:event-type:ticket.created'] as { detail: Record<string, unknown> };
    const held = { ...fixture, detail: { ...fixture.detail, status: 'HOLD', priority: null } };
    expect(parseCanonical('Ticket', await version.toCanonical(version.schema.parse(held)))).toMatchObject({ ok: true, value: { status: 'on_hold', priority: null } });
  });
});
