import type { IncomingMessage, RequestListener, Server, ServerOptions, ServerResponse } from 'node:http';
import type { ListenOptions } from 'node:net';
import { HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions, type Logger } from '@slack/bolt';
import type { HttpServerLimits } from '@hub/core/config';

export interface ReceiverGuard {
  /** A body larger than this is refused (413) before it is buffered: at once on its Content-Length, or when a chunked one passes it. */
  bodyLimit: number;
  /** Slow-client limits of the HTTP server. */
  limits: HttpServerLimits;
  /** Slack's window for x-slack-request-timestamp, both ways (Bolt checks only the past). */
  toleranceSeconds?: number;
  now?: () => number;
  /** Told why a request was refused (never its body). */
  onRefused?: (reason: 'body_too_large' | 'future_timestamp', detail: Record<string, unknown>) => void;
}

/**
 * Bolt's HTTPReceiver behind what it does not do itself: a body limit enforced while the body
 * streams in (Bolt buffers whatever arrives), refusal of requests dated more than five minutes in
 * the future (Bolt refuses only stale ones), and header / request / keep-alive timeouts and a
 * header size limit on its server. The body it buffered is handed to Bolt as `rawBody`, which
 * Bolt then uses instead of reading the stream again.
 */
export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(
    options: HTTPReceiverOptions,
    private readonly guard: ReceiverGuard,
  ) {
    super(options);
    const inner = this.requestListener;
    const dispatchError = options.dispatchErrorHandler ?? HTTPModuleFunctions.defaultDispatchErrorHandler;
    // Bolt's server catches what its listener throws (an unknown path: 404); called later, from the
    // body's 'end', that is ours to catch, or it would be an uncaught exception.
    const bolt: RequestListener = (req, res) => {
      try {
        inner(req, res);
      } catch (error) {
        void dispatchError({ error: error as Error, logger: options.logger as Logger, request: req, response: res });
      }
    };
    this.requestListener = (req, res) => guardRequest(req, res, bolt, guard);
  }

  override start(portOrListenOptions: number | string | ListenOptions, serverOptions: ServerOptions = {}): ReturnType<HTTPReceiver['start']> {
    const { headersTimeout, requestTimeout, keepAliveTimeout, maxHeaderSize, connectionsCheckingInterval } = this.guard.limits;
    const options: ServerOptions = { ...serverOptions, headersTimeout, requestTimeout, keepAliveTimeout, maxHeaderSize, connectionsCheckingInterval };
    const started = (super.start(portOrListenOptions, options) as Promise<Server>).then((server) => {
      // Set on the server too: not every node 20 release reads keepAliveTimeout from the options.
      server.keepAliveTimeout = keepAliveTimeout;
      return server;
    });
    // Bolt types start() per overload (http or https); this receiver only ever starts an http server.
    return started as unknown as ReturnType<HTTPReceiver['start']>;
  }
}

function refuse(req: IncomingMessage, res: ServerResponse, status: 401 | 413): void {
  // Connection: close — what is left of the body is not read, and the socket is not reused.
  res.writeHead(status, { connection: 'close' });
  res.end();
  res.once('finish', () => req.socket.destroy());
}

function guardRequest(req: IncomingMessage, res: ServerResponse, bolt: RequestListener, guard: ReceiverGuard): void {
  if (req.method !== 'POST') {
    bolt(req, res);
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > guard.bodyLimit) {
    guard.onRefused?.('body_too_large', { contentLength: declared, limit: guard.bodyLimit });
    refuse(req, res, 413);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  // A client that goes away mid-body: nothing to answer, and no unhandled 'error' event.
  req.on('error', () => undefined);
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > guard.bodyLimit) {
      refused = true;
      chunks.length = 0;
      req.pause();
      guard.onRefused?.('body_too_large', { received: size, limit: guard.bodyLimit });
      refuse(req, res, 413);
      return;
    }
    chunks.push(chunk);
  });
  req.once('end', () => {
    if (refused) return;
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const nowSeconds = Math.floor((guard.now ?? Date.now)() / 1000);
    if (Number.isFinite(timestamp) && timestamp > nowSeconds + (guard.toleranceSeconds ?? 300)) {
      guard.onRefused?.('future_timestamp', { aheadSeconds: timestamp - nowSeconds });
      refuse(req, res, 401);
      return;
    }
    Object.assign(req, { rawBody: Buffer.concat(chunks) });
    bolt(req, res);
  });
}
