import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SdkErrorCodes } from '@hub/connector-sdk';
import { CoreErrorCodes } from '@hub/core/errors';

const documented = async () => {
  const text = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
  return new Set([...text.matchAll(/^\| `(HUB_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string));
};

describe('error code registry', () => {
  it('docs/errors.md documents exactly the codes the registries define', async () => {
    const inDocs = await documented();
    const inCode = new Set([...Object.keys(CoreErrorCodes), ...Object.keys(SdkErrorCodes)]);
    expect([...inCode].filter((c) => !inDocs.has(c))).toEqual([]);
    expect([...inDocs].filter((c) => !inCode.has(c))).toEqual([]);
  });

  it('no code is defined by two registries', () => {
    const core = new Set(Object.keys(CoreErrorCodes));
    expect(Object.keys(SdkErrorCodes).filter((c) => core.has(c))).toEqual([]);
  });
});
