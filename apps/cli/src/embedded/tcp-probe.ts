import net from 'node:net';

/** Whether something accepts a TCP connection on the port (and, with `hello`, answers it) within `ms`. */
export function answers(port: number, hello?: string, ms = 1_000, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => (hello ? socket.write(hello) : done(true)));
    socket.once('data', () => done(true));
  });
}
