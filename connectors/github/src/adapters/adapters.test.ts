import { describe, expect, it } from 'vitest';
import { normalizePayload } from '../../../../packages/core/src/processing/normalize-payload.js';
import { describeAdapterContract } from '../../../../packages/core/src/processing/testing/describe-adapter-contract.js';
import { issues } from '../fixtures/issues.js';
import { github } from '../index.js';

describeAdapterContract(github, { issues: { '2022-11-28': issues } });

describe('github issues -> Issue', () => {
  it('keys the issue by repository and number, with label names and the author login', async () => {
    const result = await normalizePayload(github, github.adapters.issues, issues, {});
    expect(result).toMatchObject({ ok: true, value: { key: 'octocat/Hello-World#1347', labels: ['bug'], author: 'octocat', status: 'open', createdAt: '2024-08-22T14:10:02Z' } });
  });
});
