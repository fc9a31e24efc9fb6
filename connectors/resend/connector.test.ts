import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

describe('resend send_email input', () => {
  const input = connector.actions.send_email!.input;
  const message = { from: 'Acme <onboarding@resend.dev>', to: ['delivered@resend.dev'], subject: 'hello world', html: '<p>it works!</p>' };

  it('accepts a message with recipients as an array', () => {
    expect(input.safeParse(message).success).toBe(true);
  });

  it('refuses a message without recipients or with a field Resend does not know', () => {
    expect(input.safeParse({ ...message, to: [] }).success).toBe(false);
    expect(input.safeParse({ ...message, attachmentz: [] }).success).toBe(false);
  });
});
