import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, readValue } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { Webhook } from 'standardwebhooks';
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

describe('resend webhooks (Svix: svix-id, svix-timestamp, svix-signature)', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const msgId = 'msg_2LjJr7bLMz4Cd1v8Dj8hNpW2Xq1';
  const nowMs = 1_732_318_872_000;
  const payload = JSON.stringify(connector.fixtures['email.bounced']);
  const signature = new Webhook(secret).sign(msgId, new Date(nowMs), payload);
  const svixHeaders = { 'svix-id': msgId, 'svix-timestamp': String(nowMs / 1000), 'svix-signature': signature };
  const verify = (headers: Record<string, string>, body = payload) =>
    connector.webhook!.scheme.verify({ rawBody: Buffer.from(body), headers, secrets: [secret], nowMs });

  it('accepts a delivery signed the Standard Webhooks way under the svix-* header names', () => {
    expect(verify(svixHeaders)).toEqual({ ok: true });
    expect(verify(svixHeaders, payload.replace('email.bounced', 'email.delivered'))).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('refuses the same signature under the webhook-* names Resend does not send', () => {
    expect(verify({ 'webhook-id': msgId, 'webhook-timestamp': String(nowMs / 1000), 'webhook-signature': signature })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('dedupes on svix-id and reads the event type from the body', () => {
    expect(readValue(connector.webhook!.eventId, svixHeaders, JSON.parse(payload))).toBe(msgId);
    expect(readValue(connector.webhook!.eventType, svixHeaders, JSON.parse(payload))).toBe('email.bounced');
  });

  it('accepts a bounce carrying the newer bounce details and refuses one without recipients', () => {
    const bounced = connector.fixtures['email.bounced'] as { data: Record<string, unknown> };
    const schema = connector.events['email.bounced']!;
    const bounce = { message: 'The recipient does not exist.', type: 'Permanent', subType: 'General' };
    expect(schema.safeParse({ ...bounced, data: { ...bounced.data, bounce } }).success).toBe(true);
    expect(schema.safeParse({ ...bounced, data: { ...bounced.data, to: [] } }).success).toBe(false);
    expect(schema.safeParse({ ...bounced, type: 'email.delivered' }).success).toBe(false);
  });
});
