import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConnectorDeclaration } from './connector-declaration.js';

describe('docs/connector-yaml.md', () => {
  it('shows a connector.yaml that the schema accepts', () => {
    const doc = readFileSync(new URL('../../../../docs/connector-yaml.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toContain('id: zendesk');
    const parsed = ConnectorDeclaration.safeParse(parse(example!));
    expect(parsed.error).toBeUndefined();
  });
});
