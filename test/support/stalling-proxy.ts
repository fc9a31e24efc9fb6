import net from 'node:net';

/** A TCP proxy in front of a real server that can stop passing bytes: a peer that is up but never answers. */
export interface StallingProxy {
  url: string;
  /** From now on nothing passes, in either direction, on any connection (requests hang until their caller gives up). */
  stall(): void;
  /** Bytes pass again; connections that lost bytes while stalled are closed (their callers reconnect). */
  resume(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  lostBytes: boolean;
}

export async function startStallingProxy(target: URL): Promise<StallingProxy> {
  let stalled = false;
  const pairs = new Set<Pair>();
  const end = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
  };
  const forward = (pair: Pair, from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk) => {
      if (stalled) pair.lostBytes = true;
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair: Pair = { client, upstream, lostBytes: false };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      end(pair);
    };
    for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
    forward(pair, client, upstream);
    forward(pair, upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      // A connection that lost bytes while stalled is cut: its peer would wait forever for them.
      for (const pair of pairs) if (pair.lostBytes) end(pair);
    },
    close: async () => {
      for (const pair of pairs) end(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
