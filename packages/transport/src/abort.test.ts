import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

// One connection: a socket an aborted call kept would leave the next call waiting for ever.
const transport = createTransport({ connections: 1 });
let server: TestServer;
let requests = 0;
/** The responses the server holds open, by the next request's arrival. */
let arrived: (res: ServerResponse) => void = () => {};
const nextArrival = () => new Promise<ServerResponse>((resolve) => (arrived = resolve));

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    requests += 1;
    if (req.url === '/hold-headers') return arrived(res);
    if (req.url === '/hold-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
      return arrived(res);
    }
    res.end('ok');
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

const laterCallWorks = async () =>
  expect(await (await transport.fetch(`${server.url}/ok`)).text()).toBe('ok');

describe('abort', () => {
  it('before the request: rejects with the reason, and sends nothing', async () => {
    const before = requests;
    const reason = new Error('changed my mind');
    await expect(
      transport.fetch(`${server.url}/ok`, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    await expect(
      transport.fetch(`${server.url}/ok`, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toBe(before);
  });

  it('while waiting for the headers: rejects with the reason, and frees the socket', async () => {
    const controller = new AbortController();
    const held = nextArrival();
    const call = transport.fetch(`${server.url}/hold-headers`, { signal: controller.signal });
    await held;
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await laterCallWorks();
  });

  it('in the middle of the body: the body errors with the reason, and the socket is freed', async () => {
    const controller = new AbortController();
    const held = nextArrival();
    const response = await transport.fetch(`${server.url}/hold-body`, {
      signal: controller.signal,
    });
    await held;
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first chunk');
    const reason = new DOMException('Timed out', 'TimeoutError');
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
    await laterCallWorks();
  });

  it('cancelling the body frees the socket', async () => {
    const held = nextArrival();
    const response = await transport.fetch(`${server.url}/hold-body`);
    await held;
    await response.body!.cancel();
    await laterCallWorks();
  });

  it('an abort after the body was read changes nothing', async () => {
    const controller = new AbortController();
    const response = await transport.fetch(`${server.url}/ok`, { signal: controller.signal });
    expect(await response.text()).toBe('ok');
    controller.abort();
    await laterCallWorks();
  });
});
