import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the provider saw it. */
export interface Arrival {
  at: number;
  hubEventId: string | undefined;
  idempotencyKey: string | undefined;
  /** Applied: answered 2xx with a new key (a repeated key is answered without applying again). */
  applied: boolean;
}

export type ProviderMode = { kind: 'up' } | { kind: 'hang' } | { kind: 'error'; status: number };

/**
 * A downstream API for one connector's route that behaves like a provider honouring idempotency
 * keys: the first request with a key is applied, a repeat answers the same without applying.
 * It records every arrival (for rate limits, latency and duplicate side effects) and can go down.
 */
export class ChaosProvider {
  readonly arrivals: Arrival[] = [];
  private readonly appliedKeys = new Set<string>();
  private mode: ProviderMode = { kind: 'up' };
  private readonly server = http.createServer((req, res) => this.answer(req, res));
  private readonly hanging = new Set<http.ServerResponse>();
  url = '';

  constructor(readonly name: string) {}

  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setMode(mode: ProviderMode): void {
    this.mode = mode;
    if (mode.kind !== 'hang') {
      for (const res of this.hanging) res.destroy();
      this.hanging.clear();
    }
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let hubEventId: string | undefined;
      try {
        hubEventId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { hubEventId?: string }).hubEventId;
      } catch {
        hubEventId = undefined;
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      const arrival: Arrival = { at: Date.now(), hubEventId, idempotencyKey: key, applied: false };
      this.arrivals.push(arrival);
      if (this.mode.kind === 'hang') {
        // Never answered: the hub's deadline passes (the request may or may not have been applied: here it was not).
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if (this.mode.kind === 'error') {
        res.writeHead(this.mode.status, { 'content-type': 'application/json' }).end('{"error":"provider down"}');
        return;
      }
      arrival.applied = key === undefined || !this.appliedKeys.has(key);
      if (key !== undefined) this.appliedKeys.add(key);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, replayed: !arrival.applied }));
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
