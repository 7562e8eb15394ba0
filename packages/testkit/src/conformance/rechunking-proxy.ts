import { connect, createServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface RechunkingProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback that passes requests through as they are and answers back in pieces of
 * `pieceBytes`, one piece per turn of the event loop, so the client reads each piece on its own:
 * every JSON body, server-sent event or NDJSON line arrives split across network reads, as a real
 * network (or a proxy in between) may deliver it. Closing either side closes the other.
 */
export async function startRechunkingProxy(
  target: { host?: string; port: number },
  pieceBytes = 5,
): Promise<RechunkingProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host ?? '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // Pieces go out in order: the next chunk waits until this one has gone out piece by piece.
    let sending = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      sending = sending.then(async () => {
        for (let at = 0; at < chunk.length && !client.destroyed; at += pieceBytes) {
          client.write(chunk.subarray(at, at + pieceBytes));
          await nextTurn();
        }
        upstream.resume();
      });
    });
    upstream.on('end', () => {
      sending = sending.then(() => {
        client.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
