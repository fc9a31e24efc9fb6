import { Agent, request } from 'undici';
import { buildTestDelivery, type Connector } from '@hub/connector-sdk';

/** One webhook the load sent, and what the ingress answered. */
export interface Sent {
  connector: string;
  sentAt: number;
  /** HTTP status, or 0 when the connection failed (the ingress was down). */
  status: number;
  /** Our event id, when the ingress acknowledged it (2xx). */
  eventId: string | undefined;
  retryAfter: string | undefined;
}

export interface LoadTarget {
  connector: Connector;
  eventType: string;
  secret: string;
}

/**
 * A steady stream of correctly signed webhooks, spread evenly over the targets, at `perSecond`
 * in total: what providers send while faults happen. Every answer is recorded.
 */
export class SteadyLoad {
  readonly sent: Sent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 4_000, connect: { timeout: 2_000 } });
  private next = 0;

  constructor(
    private readonly ingressUrl: () => string,
    private readonly targets: readonly LoadTarget[],
    private readonly perSecond: number,
  ) {}

  start(): void {
    const tickMs = 50;
    let owed = 0;
    this.timer = setInterval(() => {
      owed += (this.perSecond * tickMs) / 1000;
      for (; owed >= 1; owed -= 1) {
        const promise = this.sendOne().finally(() => this.inFlight.delete(promise));
        this.inFlight.add(promise);
      }
    }, tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
    await this.agent.close();
  }

  private async sendOne(): Promise<void> {
    const target = this.targets[this.next++ % this.targets.length] as LoadTarget;
    const delivery = buildTestDelivery(target.connector, target.eventType, { secret: target.secret, nowMs: Date.now() });
    const entry: Sent = { connector: target.connector.id, sentAt: Date.now(), status: 0, eventId: undefined, retryAfter: undefined };
    this.sent.push(entry);
    try {
      const res = await request(`${this.ingressUrl()}/webhooks/${target.connector.id}`, { method: 'POST', headers: delivery.headers, body: delivery.body, dispatcher: this.agent, headersTimeout: 10_000, bodyTimeout: 10_000 });
      entry.status = res.statusCode;
      entry.retryAfter = res.headers['retry-after'] as string | undefined;
      const body = (await res.body.json().catch(() => ({}))) as { eventId?: string };
      if (res.statusCode >= 200 && res.statusCode < 300) entry.eventId = body.eventId;
    } catch {
      entry.status = 0;
    }
  }
}
