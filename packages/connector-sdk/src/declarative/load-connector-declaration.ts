import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Connector } from '../define-connector.js';
import { ConnectorDeclarationError } from '../errors.js';
import { parseConnectorDeclaration } from './parse-connector-declaration.js';

/** Relative to the working directory when the file is inside it, so terminals and editors can open it. */
function shownPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

/** Reads and validates a connector.yaml; referenced files are resolved from its folder. */
export async function loadConnectorDeclaration(file: string): Promise<Connector> {
  const absolute = resolve(file);
  const shown = shownPath(absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConnectorDeclarationError([{ file: shown, line: 1, column: 1, path: '', message: `cannot read the declaration (${code})` }]);
  }
  return parseConnectorDeclaration(text, { file: shown, dir: dirname(absolute) });
}
