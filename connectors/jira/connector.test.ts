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
describe('jira canonical adapters', () => {
  it('maps jira:issue_created to an open Issue, with ISO offsets and the browse URL', async () => {
    expect(await canonical('jira:issue_created')).toEqual({
      ok: true,
      model: 'Issue',
      value: {
        source: { connector: 'jira', id: '99291' },
        key: 'JRA-20002',
        title: 'I feel the need for speed',
        body: 'Make the issue nav load 10x faster',
        status: 'open',
        author: 'Bryan Rollins',
        labels: ['UI', 'dialogue', 'move'],
        url: 'https://your-domain.atlassian.net/browse/JRA-20002',
        createdAt: '2009-12-16T23:46:10.612-06:00',
        updatedAt: '2009-12-16T23:46:10.612-06:00',
      },
    });
  });

  it('maps jira:issue_updated of an issue in a done status to a closed Issue', async () => {
    expect(await canonical('jira:issue_updated')).toMatchObject({ ok: true, value: { status: 'closed', updatedAt: '2018-05-07T13:10:37.764+00:00' } });
  });

  it('keeps a single label and no labels as arrays', async () => {
    const version = connector.adapters!['jira:issue_created']!.versions['2']!;
    const fixture = connector.fixtures['jira:issue_created'] as { issue: { fields: Record<string, unknown> } };
    const withLabels = (labels: string[]) => ({ ...fixture, issue: { ...fixture.issue, fields: { ...fixture.issue.fields, labels } } });
    for (const labels of [['UI'], []]) {
      expect(parseCanonical('Issue', await version.toCanonical(version.schema.parse(withLabels(labels))))).toMatchObject({ ok: true, value: { labels } });
    }
  });
});
