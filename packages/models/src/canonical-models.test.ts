import { describe, expect, it } from 'vitest';
import { CanonicalModels, parseCanonical } from './canonical-models.js';

const source = { connector: 'stripe', id: 'pi_1' };
const usd = (amount: number) => ({ amount, currency: 'USD' });

const payment = {
  source,
  status: 'succeeded',
  amount: usd(2000),
  amountReceived: usd(2000),
  customerId: 'cus_1',
  invoiceId: null,
  description: null,
  metadata: { order_id: '1042' },
  createdAt: '2024-08-23T13:31:08.000Z',
};

describe('parseCanonical', () => {
  it('accepts a valid Payment and returns the parsed value', () => {
    const result = parseCanonical('Payment', payment);
    expect(result).toEqual({ ok: true, model: 'Payment', value: payment });
  });

  it('refuses money as a float, a lower-case currency and a timestamp without a zone', () => {
    for (const broken of [
      { ...payment, amount: { amount: 19.99, currency: 'USD' } },
      { ...payment, amount: { amount: 1999, currency: 'usd' } },
      { ...payment, createdAt: '2024-08-23 13:31:08' },
    ]) {
      const result = parseCanonical('Payment', broken);
      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : result.reason).toBe('invalid');
    }
  });

  it('names the failing field in the issues', () => {
    const result = parseCanonical('Payment', { ...payment, source: { connector: 'stripe', id: 42 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path.join('.'))).toEqual(['source.id']);
  });

  it('refuses an unknown model name, including names inherited from Object', () => {
    expect(parseCanonical('Invoice', {})).toEqual({ ok: false, reason: 'unknown_model', issues: [] });
    expect(parseCanonical('toString', {})).toEqual({ ok: false, reason: 'unknown_model', issues: [] });
  });

  it('strips fields a model does not declare, so a provider field cannot leak through the canonical value', () => {
    const result = parseCanonical('Payment', { ...payment, client_secret: 'pi_1_secret_x' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).not.toHaveProperty('client_secret');
  });

  it('registers every model by name', () => {
    expect(Object.keys(CanonicalModels).sort()).toEqual(['Contact', 'Customer', 'Issue', 'Message', 'Order', 'Payment', 'Ticket']);
  });

  it('accepts one valid sample of every other model', () => {
    const samples: Record<string, unknown> = {
      Customer: { source, email: 'a@example.com', name: 'Jenny Rosen', phone: null, address: null, createdAt: '2024-08-23T13:28:44Z' },
      Order: {
        source,
        number: '#1001',
        paymentStatus: 'paid',
        customerId: null,
        email: null,
        subtotal: usd(39800),
        tax: usd(0),
        total: usd(40300),
        lines: [{ title: 'IPod Nano', sku: null, quantity: 1, unitPrice: usd(19900) }],
        createdAt: '2024-08-22T10:14:51-04:00',
      },
      Contact: { source, email: null, firstName: 'Ada', lastName: null, phone: null, company: null, createdAt: '2024-08-23T13:28:44Z' },
      Issue: { source, key: '1347', title: 'Found a bug', body: null, status: 'open', author: 'octocat', labels: ['bug'], url: null, createdAt: '2024-08-22T14:10:02Z', updatedAt: '2024-08-22T14:10:02Z' },
      Message: { source, channel: 'C1', threadId: null, author: 'U1', text: 'hello', sentAt: '2024-08-22T14:10:02Z' },
      Ticket: { source, subject: 'Printer on fire', description: null, status: 'new', priority: null, requesterEmail: null, createdAt: '2024-08-22T14:10:02Z' },
    };
    for (const [model, value] of Object.entries(samples)) expect(parseCanonical(model, value), model).toMatchObject({ ok: true });
  });
});
