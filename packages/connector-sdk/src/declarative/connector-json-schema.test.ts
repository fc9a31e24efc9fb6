import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConnectorJsonSchema } from './connector-json-schema.js';

describe('connector.schema.json', () => {
  it('is what the zod schema generates (run `npm run connectors:schema` after changing it)', () => {
    const committed = readFileSync(new URL('../../connector.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderConnectorJsonSchema());
  });

  it('refuses unknown keys, so editors flag a misspelt field', () => {
    const schema = JSON.parse(renderConnectorJsonSchema()) as { additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'name']));
  });
});
