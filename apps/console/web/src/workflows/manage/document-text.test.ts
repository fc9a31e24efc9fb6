import { describe, expect, it } from 'vitest';
import { documentText, parseDocumentText } from './document-text';
import type { WorkflowGraph } from './workflow-types';

const graph: WorkflowGraph = {
  name: 'orders',
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [{ id: 'crm', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email' } }],
  edges: [{ from: 'trigger', to: 'crm' }],
};

describe('workflow document import and export text', () => {
  it('reads back what it exports, as JSON and as YAML', () => {
    for (const format of ['json', 'yaml'] as const) {
      const parsed = parseDocumentText(documentText(graph, format));
      expect(parsed).toEqual({ ok: true, value: graph });
    }
  });

  it('writes YAML a person reads as YAML, not JSON', () => {
    const text = documentText(graph, 'yaml');
    expect(text).toContain('name: orders\n');
    expect(text).toContain('  - from: trigger\n');
  });

  it('says which syntax failed, and refuses a list or an empty text', () => {
    const json = parseDocumentText('{ "name": "x", }');
    expect(json.ok).toBe(false);
    expect(!json.ok && json.message).toMatch(/^JSON: /);
    const yaml = parseDocumentText('name: [unclosed');
    expect(!yaml.ok && yaml.message).toMatch(/^YAML: /);
    expect(parseDocumentText('- a\n- b').ok).toBe(false);
    expect(parseDocumentText('  \n').ok).toBe(false);
  });
});
