import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The built CLI as an operator runs it: on a real terminal (a pty from util-linux `script`) and on a pipe.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'apps/cli/dist/main.js');
const MASTER = `k1:${randomBytes(32).toString('base64')}`;
let db: TestDatabase;
let env: Record<string, string>;

interface Run {
  code: number | null;
  output: string;
}

/** Runs `hub …args`; `feed` answers what it prints (the prompt) by writing to its standard input. */
function hub(args: string[], { tty, stdin, feed }: { tty: boolean; stdin?: string; feed?: (output: string, write: (text: string) => void) => void }): Promise<Run> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = tty ? spawn('script', ['-qec', quoted, '/dev/null'], { cwd: root, env }) : spawn(process.execPath, [CLI, ...args], { cwd: root, env });
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    feed?.(output, (text) => child.stdin.write(text));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  if (stdin !== undefined) child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const stored = () => new CredentialStore(db.pool, new EnvMasterKeys(MASTER)).get('intercom');

beforeAll(async () => {
  db = await createTestDatabase('credentials_tty');
  env = { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema, HUB_MASTER_KEYS: MASTER, NODE_ENV: 'production', LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await db.drop();
});

describe('hub credentials set reads secret values from a hidden prompt or a pipe, never from argv', () => {
  it('refuses --field name=value, prints not the value, stores nothing', async () => {
    const run = await hub(['credentials', 'set', 'intercom', '--field', 'token=tok_ARGV_CANARY'], { tty: false });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^HUB_CLI_USAGE: values are not taken on the command line/m);
    expect(run.output).not.toContain('tok_ARGV_CANARY');
    expect(await stored()).toBeUndefined();
  });

  it('asks for the value on a terminal without echoing it', async () => {
    let answered = false;
    const run = await hub(['credentials', 'set', 'intercom', '--field', 'token'], {
      tty: true,
      feed: (output, write) => {
        if (!answered && output.includes('token (input hidden): ')) {
          answered = true;
          write('tok_TTY_CANARY\r');
        }
      },
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('stored token for intercom');
    // Raw mode, no echo: the typed secret never reaches the terminal.
    expect(run.output).not.toContain('tok_TTY_CANARY');
    expect(await stored()).toEqual({ token: 'tok_TTY_CANARY' });
  });

  it('reads the value from a pipe, one line per field', async () => {
    const run = await hub(['credentials', 'set', 'intercom', '--field', 'token'], { tty: false, stdin: 'tok_PIPE_CANARY\n' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('tok_PIPE_CANARY');
    expect(await stored()).toEqual({ token: 'tok_PIPE_CANARY' });
  });
});
