import { z } from 'zod';
import { ConnectorDeclaration } from './connector-declaration.js';

/**
 * connector.schema.json as committed: draft-7 (what yaml-language-server and most editors
 * understand), the input side of the schema (fields with defaults are optional).
 */
export function renderConnectorJsonSchema(): string {
  const schema = z.toJSONSchema(ConnectorDeclaration, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'connector.yaml (Integration Hub)' }, null, 2)}\n`;
}
