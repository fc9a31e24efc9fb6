import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector, type ConnectorDefinition } from './define-connector.js';
import { ConnectorDefinitionError } from './errors.js';
import { githubScheme } from './schemes/github-scheme.js';
import { isSearchablePath, MAX_SEARCHABLE_VALUE_LENGTH, MAX_SEARCHABLE_VALUES, searchableValues } from './searchable-values.js';

const order = {
  id: 5812356784300,
  name: '#1001',
  email: ' bob@example.com ',
  customer: { email: null, tags: ['vip', 'wholesale'] },
  line_items: [{ sku: 'IPOD-1' }, { sku: 'IPOD-2' }, { title: 'no sku' }],
  note: '',
  constructor: undefined,
};

describe('searchableValues', () => {
  it('reads strings (trimmed) and numbers at dot-separated paths', () => {
    expect(searchableValues(['name', 'id', 'email'], order)).toEqual(['#1001', '5812356784300', 'bob@example.com']);
  });

  it('walks arrays item by item, on the way and at the end', () => {
    expect(searchableValues(['line_items.sku', 'customer.tags'], order)).toEqual(['IPOD-1', 'IPOD-2', 'vip', 'wholesale']);
  });

  it('gives nothing for null, empty, absent, object values and inherited properties', () => {
    expect(searchableValues(['customer.email', 'note', 'missing.path', 'customer', 'toString', 'line_items.title.x'], order)).toEqual([]);
  });

  it('caps the number and the length of values', () => {
    const many = { tags: Array.from({ length: 500 }, (_, i) => `t${i}`), long: 'x'.repeat(5000) };
    expect(searchableValues(['tags'], many)).toHaveLength(MAX_SEARCHABLE_VALUES);
    expect(searchableValues(['long'], many)[0]).toHaveLength(MAX_SEARCHABLE_VALUE_LENGTH);
  });

  it('accepts dot-separated keys only as a path', () => {
    expect(isSearchablePath('data.object.customer')).toBe(true);
    expect(isSearchablePath('pull_request.number')).toBe(true);
    expect(isSearchablePath('data..object')).toBe(false);
    expect(isSearchablePath('items[0].sku')).toBe(false);
    expect(isSearchablePath('')).toBe(false);
  });
});

describe('defineConnector: searchable', () => {
  const tracker: ConnectorDefinition = {
    id: 'tracker',
    version: '1.0.0',
    name: 'Tracker',
    webhook: { scheme: githubScheme(), eventId: { from: 'header', name: 'x-delivery' }, eventType: { from: 'header', name: 'x-event' }, searchable: ['issue.key'] },
    events: { created: z.object({ issue: z.object({ key: z.string() }) }) },
    fixtures: { created: { issue: { key: 'JRA-1' } } },
    actions: {},
  };

  it('keeps paths that give a value in a fixture', () => {
    expect(defineConnector(tracker).webhook?.searchable).toEqual(['issue.key']);
  });

  it('refuses a path no fixture has a value at (a misspelt path would never find anything)', () => {
    const definition = { ...tracker, webhook: { ...tracker.webhook!, searchable: ['issue.kee'] } };
    expect(() => defineConnector(definition)).toThrow(ConnectorDefinitionError);
    expect(() => defineConnector(definition)).toThrow(/issue\.kee/);
  });

  it('refuses a path that is not dot-separated keys', () => {
    expect(() => defineConnector({ ...tracker, webhook: { ...tracker.webhook!, searchable: ['issue[0]'] } })).toThrow(ConnectorDefinitionError);
  });
});
