import { brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

const text = JSON.stringify({ message: 'compressed '.repeat(500) });
const encoders: Record<string, (data: string) => Buffer> = {
  gzip: (data) => gzipSync(data),
  br: (data) => brotliCompressSync(data),
  deflate: (data) => deflateSync(data),
  zstd: (data) => zstdCompressSync(data),
};

const transport = createTransport();
let server: TestServer;
let acceptEncoding: string | undefined;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    acceptEncoding = req.headers['accept-encoding'];
    const encoding = req.url!.slice(1);
    const status = req.headers['x-status'] ? Number(req.headers['x-status']) : 200;
    res.writeHead(status, { 'content-type': 'application/json', 'content-encoding': encoding });
    res.end(encoders[encoding]!(text));
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

describe('compressed responses', () => {
  it.each(Object.keys(encoders))('decodes a %s body, as fetch does', async (encoding) => {
    const response = await transport.fetch(`${server.url}/${encoding}`);
    expect(await response.text()).toBe(text);
    expect(response.headers.get('content-encoding')).toBe(encoding);
    const viaFetch = await fetch(`${server.url}/${encoding}`);
    expect(await viaFetch.text()).toBe(text);
  });

  it('decodes error bodies too, and asks for gzip, deflate and br unless told otherwise', async () => {
    const response = await transport.fetch(`${server.url}/gzip`, {
      headers: { 'x-status': '500' },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(JSON.parse(text));
    expect(acceptEncoding).toBe('gzip, deflate, br');
    await (
      await transport.fetch(`${server.url}/gzip`, { headers: { 'Accept-Encoding': 'gzip' } })
    ).text();
    expect(acceptEncoding).toBe('gzip');
  });
});
