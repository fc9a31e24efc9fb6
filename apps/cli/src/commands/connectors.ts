import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorDeclarationError, formatDeclarationIssue, loadConnectorDeclaration } from '@hub/connector-sdk';

export interface ValidateOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: ValidateOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** A connector.yaml, or a folder holding one. */
async function declarationFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? join(path, 'connector.yaml') : path;
}

/**
 * `hub connectors validate <path>`: loads a declaration the way the hub does and prints
 * `ok <id>@<version>: N events, M actions`, or each problem as `file:line:col field: message`.
 * Returns the exit code.
 */
export async function runConnectorsValidate(path: string, output: ValidateOutput = consoleOutput): Promise<number> {
  try {
    const connector = await loadConnectorDeclaration(await declarationFile(path));
    const events = Object.keys(connector.events).length;
    const actions = Object.keys(connector.actions).length;
    output.out(`ok ${connector.id}@${connector.version}: ${events} event${events === 1 ? '' : 's'}, ${actions} action${actions === 1 ? '' : 's'}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ConnectorDeclarationError)) throw err;
    for (const issue of err.issues) output.err(formatDeclarationIssue(issue));
    return 1;
  }
}
