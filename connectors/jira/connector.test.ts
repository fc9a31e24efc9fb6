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
describe('jira canonical adapters', () => {
  it('maps jira:issue_created to an open Issue, with ISO offsets and the browse URL', async () => {
    expect(await canonical('jira:issue_created')).toEqual({
      ok: true,
      model: 'Issue',
      version: expect.any(String),
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
    const fixture = connector.fixtures['jira:issue_created'] as { issue: { fields: Record<string, unknown> } };
    const withLabels = (labels: string[]) => ({ ...fixture, issue: { ...fixture.issue, fields: { ...fixture.issue.fields, labels } } });
    for (const labels of [['UI'], []]) {
      expect(await canonical('jira:issue_created', withLabels(labels))).toMatchObject({ ok: true, value: { labels } });
    }
  });
});
