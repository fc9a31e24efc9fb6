import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConnectorDeclarationError, type DeclarationIssue } from '../errors.js';
import { parseConnectorDeclaration } from './parse-connector-declaration.js';

const dir = fileURLToPath(new URL('./__fixtures__/acme/', import.meta.url));
const file = 'connectors/acme/connector.yaml';

// Line numbers below count from `id:` as line 1.
const valid = `id: acme
version: 1.0.0
name: Acme
webhook:
  scheme: github
  eventId: { from: header, name: X-Acme-Delivery }
  eventType: { from: body, path: type }
events:
  invoice.paid:
    schema: schemas/invoice-paid.json
    fixture: fixtures/invoice-paid.json
actions:
  create:
    description: Create a thing
    method: POST
    path: /things/{id}
    input: { type: object, properties: { id: { type: string } }, required: [id] }
`;

async function issuesOf(text: string): Promise<DeclarationIssue[]> {
  try {
    await parseConnectorDeclaration(text, { file, dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorDeclarationError);
    expect((err as ConnectorDeclarationError).code).toBe('HUB_CONNECTOR_DECLARATION_INVALID');
    return [...(err as ConnectorDeclarationError).issues];
  }
  throw new Error('the declaration was accepted');
}

const where = (issues: DeclarationIssue[]) => issues.map(({ line, column, path }) => `${line}:${column} ${path}`);

describe('parseConnectorDeclaration: broken declarations', () => {
  it('accepts the unbroken declaration', async () => {
    const connector = await parseConnectorDeclaration(valid, { file, dir });
    expect(connector.webhook?.eventId).toEqual({ from: 'header', name: 'x-acme-delivery' });
  });

  it('names file, line, column and field of a wrong enum value', async () => {
    const issues = await issuesOf(valid.replace('method: POST', 'method: POTS'));
    expect(where(issues)).toEqual(['15:5 actions.create.method']);
    expect(issues[0]!.message).toContain('"GET"|"POST"|"PUT"|"PATCH"|"DELETE"');
    expect(new ConnectorDeclarationError(issues).message).toBe(
      'connectors/acme/connector.yaml:15:5 actions.create.method: Invalid option: expected one of "GET"|"POST"|"PUT"|"PATCH"|"DELETE"',
    );
  });

  it('reports a missing required field at the key of the object that lacks it', async () => {
    const issues = await issuesOf(valid.replace('    method: POST\n', ''));
    expect(where(issues)).toEqual(['13:3 actions.create.method']);
    expect(issues[0]!.message).toMatch(/^required field is missing/);
  });

  it('reports an unknown (misspelt) key at that key', async () => {
    const issues = await issuesOf(valid.replace('    path: /things/{id}', '    pathh: /things/{id}'));
    expect(where(issues)).toEqual(['13:3 actions.create.path', '16:5 actions.create.pathh']);
    expect(issues[1]!.message).toBe('unknown key "pathh"');
  });

  it('reports every problem at once, inside flow mappings too', async () => {
    const issues = await issuesOf(valid.replace('version: 1.0.0', 'version: one').replace('scheme: github', 'scheme: { type: hmac, header: x, algorithm: md5 }'));
    expect(where(issues)).toEqual(['2:1 version', '5:36 webhook.scheme.algorithm']);
  });

  it('explains a misspelt scheme name with the names it could be', async () => {
    const issues = await issuesOf(valid.replace('scheme: github', 'scheme: githab'));
    expect(where(issues)).toEqual(['5:3 webhook.scheme']);
    expect(issues[0]!.message).toContain('"stripe"|"github"|"shopify"|"standardWebhooks"');
  });

  it('keeps searchable paths, and reports one that gives no value in any fixture at its place', async () => {
    const searchable = valid.replace('  eventType: { from: body, path: type }\n', '  eventType: { from: body, path: type }\n  searchable: [data.invoice.id, data.invoice.lines.amount, data.invoce.id]\n');
    const issues = await issuesOf(searchable);
    expect(where(issues)).toEqual(['8:60 webhook.searchable[2]']);
    expect(issues[0]!.message).toContain('"data.invoce.id" gives no value in any fixture');
    const fixed = await parseConnectorDeclaration(searchable.replace(', data.invoce.id', ''), { file, dir });
    expect(fixed.webhook?.searchable).toEqual(['data.invoice.id', 'data.invoice.lines.amount']);
  });

  it('reports a YAML syntax error at the line and column where the parser found it', async () => {
    const issues = await issuesOf(valid.replace('  create:\n', '  create: [\n'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, line: 14, path: '' });
    expect(issues[0]!.message).toMatch(/^YAML syntax error/);
  });

  it('reports a duplicated key as a YAML error on the duplicate', async () => {
    const issues = await issuesOf(valid.replace('name: Acme\n', 'name: Acme\nname: Acme2\n'));
    expect(issues[0]).toMatchObject({ line: 4, column: 1 });
    expect(issues[0]!.message).toContain('DUPLICATE_KEY');
  });

  it('points a missing fixture file at the line that references it', async () => {
    const issues = await issuesOf(valid.replace('fixtures/invoice-paid.json', 'fixtures/missing.json'));
    expect(where(issues)).toEqual(['11:5 events["invoice.paid"].fixture']);
    expect(issues[0]!.message).toBe('file not found: fixtures/missing.json');
  });

  it('points a schema file that is not JSON at the line that references it', async () => {
    const issues = await issuesOf(valid.replace('schemas/invoice-paid.json', 'hooks.js'));
    expect(where(issues)).toEqual(['10:5 events["invoice.paid"].schema']);
    expect(issues[0]!.message).toMatch(/^hooks\.js is not valid JSON/);
  });

  it("points a fixture that does not match its event's schema at that event's fixture line", async () => {
    const issues = await issuesOf(valid.replace('fixtures/invoice-paid.json', 'fixtures/contact-created.json'));
    expect(where(issues)).toEqual(['11:5 events["invoice.paid"].fixture']);
    expect(issues[0]!.message).toMatch(/^fixture does not match the event schema: data\.invoice/);
  });

  it('rejects a JSON Schema zod cannot express, an invalid JSONata expression and an unknown path placeholder', async () => {
    const broken = valid
      .replace('schemas/invoice-paid.json', '{ type: object, if: { type: object }, then: { required: [a] } }')
      .replace('path: /things/{id}', 'path: /things/{thingId}')
      .concat("    body: '{ \"a\": '\n");
    const issues = await issuesOf(broken);
    expect(where(issues)).toEqual(['10:5 events["invoice.paid"].schema', '18:5 actions.create.body', '16:5 actions.create.path']);
    expect(issues[1]!.message).toMatch(/^invalid JSONata: /);
    expect(issues[2]!.message).toBe('placeholder {thingId} is not a property of the input schema');
  });

  it('rejects inconsistent hmac options at the scheme', async () => {
    const issues = await issuesOf(valid.replace('scheme: github', 'scheme: { type: hmac, header: x, timestampHeader: x-ts }'));
    expect(where(issues)).toEqual(['5:3 webhook.scheme']);
  });

  it('rejects events without a webhook to receive them', async () => {
    const issues = await issuesOf(valid.replace(/webhook:\n( {2}.*\n){3}/, ''));
    expect(where(issues)).toEqual(['4:1 events']);
  });

  it('takes a declared concurrency and refuses one that is not 1-500 handlers, saying what to write', async () => {
    expect((await parseConnectorDeclaration(`${valid}concurrency: 5\n`, { file, dir })).concurrency).toBe(5);
    for (const [value, says] of [
      ['many', 'a whole number of handlers from 1 to 500, e.g. `concurrency: 5`'],
      ['2.5', 'a whole number of handlers from 1 to 500'],
      ['0', 'at least 1 (to stop handling a connector, leave it out of HUB_CONNECTORS)'],
      ['501', 'at most 500 handlers per process; for more, run more worker processes of the connector'],
    ]) {
      const issues = await issuesOf(`${valid}concurrency: ${value}\n`);
      expect(where(issues)).toEqual(['18:1 concurrency']);
      expect(issues[0]!.message).toContain(says);
    }
  });

  it('refuses a concurrency on a connector without a webhook: there are no handlers to limit', async () => {
    const outboundOnly = valid.replace(/webhook:\n( {2}.*\n){3}/, '').replace(/events:\n( {2,}.*\n){3}/, '');
    const issues = await issuesOf(`${outboundOnly}concurrency: 3\n`);
    expect(issues.map((i) => i.path)).toEqual(['concurrency']);
    expect(issues[0]!.message).toBe("concurrency limits the handlers of acme's webhooks, and acme has no webhook: remove concurrency (calls to acme are paced by rateLimit)");
  });

  it('points a hooks module that cannot be imported at the hooks line', async () => {
    const issues = await issuesOf(`${valid}hooks: ./no-such-hooks.js\n`);
    expect(where(issues)).toEqual(['18:1 hooks']);
    expect(issues[0]!.message).toMatch(/^cannot import \.\/no-such-hooks\.js/);
  });
});
