import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from './sse-writer.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/**
 * The chunks of a chunked body as they came on the wire, read raw from a real socket; the client
 * reads nothing until `reading` settles.
 */
async function chunksOf(
  write: (sse: SseWriter) => Promise<void>,
  reading: Promise<unknown> = Promise.resolve(),
): Promise<string[]> {
  const server = createServer((_req, res) => {
    const sse = new SseWriter(res);
    sse.open({ 'x-request-id': 'r' });
    void write(sse);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const raw = await new Promise<string>((resolve, reject) => {
    // Not half-closed: the server would end the connection at once. Read to the body's last chunk.
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    });
    socket.pause();
    void reading.then(() => socket.resume());
    let text = '';
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (!text.endsWith('\r\n0\r\n\r\n')) return;
      socket.destroy();
      resolve(text);
    });
    socket.on('error', reject);
  });
  const chunks: string[] = [];
  for (let at = raw.indexOf('\r\n\r\n') + 4; ; ) {
    const line = raw.indexOf('\r\n', at);
    const size = Number.parseInt(raw.slice(at, line), 16);
    if (size === 0) return chunks;
    chunks.push(raw.slice(line + 2, line + 2 + size));
    at = line + 2 + size + 2;
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('SseWriter', () => {
  it('sends the events of one turn as one chunk, and ends with what is left', async () => {
    const chunks = await chunksOf(async (sse) => {
      sse.json('{"n":1}');
      sse.data({ n: 2 });
      await nextTurn();
      sse.event('ping', { n: 3 });
      sse.done();
    });
    expect(chunks).toEqual([
      'data: {"n":1}\n\ndata: {"n":2}\n\n',
      'event: ping\ndata: {"n":3}\n\ndata: [DONE]\n\n',
    ]);
  });

  it('writes named events by their type', async () => {
    const chunks = await chunksOf(async (sse) => {
      sse.events([{ type: 'a' }, { type: 'b' }]);
      await nextTurn();
      sse.end();
    });
    expect(chunks.join('')).toBe(
      'event: a\ndata: {"type":"a"}\n\nevent: b\ndata: {"type":"b"}\n\n',
    );
  });

  it('makes the writer wait while the client is behind, until it has read', async () => {
    let read!: () => void;
    const reading = new Promise<void>((resolve) => {
      read = resolve;
    });
    const big = JSON.stringify('x'.repeat(4 * 1024 * 1024));
    let waited = false;
    const chunks = await chunksOf(async (sse) => {
      expect(sse.json(big)).toBeUndefined();
      await nextTurn();
      const behind = sse.json('{"n":2}');
      expect(behind).toBeInstanceOf(Promise);
      read();
      await behind;
      waited = true;
      sse.end();
    }, reading);
    expect(waited).toBe(true);
    const body = chunks.join('');
    expect(body.length).toBe(`data: ${big}\n\n`.length + 'data: {"n":2}\n\n'.length);
    expect(body.endsWith('"\n\ndata: {"n":2}\n\n')).toBe(true);
  });
});
