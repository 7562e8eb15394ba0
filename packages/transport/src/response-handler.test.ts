import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

const transport = createTransport({ connections: 1 });
let server: TestServer;
let held: (res: ServerResponse) => void = () => {};

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (req.url === '/corked') {
      // Three chunks of the body in one write to the socket.
      res.cork();
      for (const event of ['data: a\n\n', 'data: b\n\n', 'data: c\n\n']) res.write(event);
      res.uncork();
      res.end();
    } else {
      res.write('data: one\n\n');
      held(res);
    }
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

const textOf = (chunks: Uint8Array[]) => chunks.map((chunk) => new TextDecoder().decode(chunk));

describe('the response body', () => {
  it('hands the chunks one read of the socket brings to the reader as one', async () => {
    const response = await transport.fetch(`${server.url}/corked`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    expect(textOf(chunks)).toEqual(['data: a\n\ndata: b\n\ndata: c\n\n']);
  });

  it('hands chunks that come apart to the reader as they come', async () => {
    const later = new Promise<ServerResponse>((resolve) => {
      held = resolve;
    });
    const response = await transport.fetch(`${server.url}/apart`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    (await later).end('data: two\n\n');
    const rest: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      rest.push(read.value);
    }
    expect(textOf([first.value!, ...rest])).toEqual(['data: one\n\n', 'data: two\n\n']);
  });
});
