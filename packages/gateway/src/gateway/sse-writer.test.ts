import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from './sse-writer.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** The chunks of a chunked body as they came on the wire, read raw from a real socket. */
async function chunksOf(write: (sse: SseWriter) => Promise<void>): Promise<string[]> {
  const server = createServer((_req, res) => {
    const sse = new SseWriter(res);
    sse.open({ 'x-request-id': 'r' });
    void write(sse);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    });
    let text = '';
    socket.on('data', (data) => {
      text += data.toString('latin1');
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  const chunks: string[] = [];
  let body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  for (;;) {
    const size = Number.parseInt(body.slice(0, body.indexOf('\r\n')), 16);
    if (size === 0) return chunks;
    const start = body.indexOf('\r\n') + 2;
    chunks.push(body.slice(start, start + size));
    body = body.slice(start + size + 2);
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
});
