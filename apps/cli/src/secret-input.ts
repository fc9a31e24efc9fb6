import { hubError } from '@hub/core/errors';

/** Where `hub credentials set` reads secret values from: never the command line (shell history, `ps`). */
export interface SecretInput {
  /** True when standard input is a terminal: each value is asked for with a hidden prompt. */
  interactive: boolean;
  /** Asks for one value without echoing it (terminal only). */
  prompt(label: string): Promise<string>;
  /** All of standard input (a pipe or a file). */
  readAll(): Promise<string>;
}

/** The process's terminal or pipe. */
export const processSecretInput: SecretInput = {
  interactive: Boolean(process.stdin.isTTY),
  prompt: (label) => promptHidden(label),
  readAll: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/**
 * The values of `names`, in order: at a hidden prompt each when standard input is a terminal,
 * otherwise one per line of standard input (`printf '%s\n' "$KEY" | hub credentials set …`).
 */
export async function readSecretValues(names: readonly string[], input: SecretInput): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  if (input.interactive) {
    for (const name of names) {
      const value = (await input.prompt(`${name} (input hidden): `)).trim();
      if (!value) throw hubError('HUB_CLI_USAGE', `no value typed for ${name}; nothing was stored`);
      values[name] = value;
    }
    return values;
  }
  const lines = (await input.readAll()).split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== names.length || lines.some((l) => l.trim() === '')) {
    throw hubError('HUB_CLI_USAGE', `expected ${names.length} non-empty line(s) on standard input, one value each, in this order: ${names.join(', ')}; got ${lines.length} line(s). Nothing was stored`);
  }
  names.forEach((name, i) => (values[name] = (lines[i] as string).trim()));
  return values;
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C cancels. */
function promptHidden(label: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  // Raw mode (no echo) before the prompt shows: whatever is typed once it is visible is never echoed.
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  output.write(label);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003' || ch === '\u0004') return finish(() => reject(hubError('HUB_CLI_USAGE', 'cancelled; nothing was stored')));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
