import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { readBody, startTestServer, type TestServer } from './test-server.js';

const transport = createTransport();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const body = (await readBody(req)).toString();
    const redirect = /^\/(\d{3})$/.exec(req.url!);
    if (redirect) {
      res.writeHead(Number(redirect[1]), { location: '/landed' });
      return res.end();
    }
    res.end(`${req.method} ${req.url} ${body}`);
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

describe('redirects', () => {
  it('follows them by default as fetch does: 307 keeps method and body, 303 turns to GET', async () => {
    const kept = await transport.fetch(`${server.url}/307`, { method: 'POST', body: 'data' });
    expect(await kept.text()).toBe('POST /landed data');
    const changed = await transport.fetch(`${server.url}/303`, { method: 'POST', body: 'data' });
    expect(await changed.text()).toBe('GET /landed ');
  });

  it("returns the 3xx with redirect: 'manual', and rejects with redirect: 'error'", async () => {
    const manual = await transport.fetch(`${server.url}/302`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/landed');
    await expect(transport.fetch(`${server.url}/302`, { redirect: 'error' })).rejects.toThrow(
      new TypeError('fetch failed'),
    );
  });
});
