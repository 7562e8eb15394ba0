import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { readBody, startTestServer, type TestServer } from './test-server.js';

const transport = createTransport();
let server: TestServer;
/** The last request as the server read it. */
let received: { method: string; contentType: string | undefined; body: Buffer };
beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const body = await readBody(req);
    received = { method: req.method!, contentType: req.headers['content-type'], body };
    res.end();
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

const send = async (body: RequestInit['body'], init: RequestInit = {}) => {
  await (await transport.fetch(server.url, { method: 'POST', body, ...init })).arrayBuffer();
  return received;
};
/** Every byte value, and a multi-byte character. */
const bytes = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), 0xe2, 0x82, 0xac]);

describe('request bodies reach the server byte for byte', () => {
  it('a string, with the content type fetch gives it unless one is set', async () => {
    expect(await send('{"text":"héllo €"}')).toMatchObject({
      contentType: 'text/plain;charset=UTF-8',
      body: Buffer.from('{"text":"héllo €"}'),
    });
    const headers = new Headers({ 'Content-Type': 'application/json' });
    expect((await send('{}', { headers })).contentType).toBe('application/json');
  });

  it('bytes, as a Uint8Array, an ArrayBuffer, a Blob or a stream', async () => {
    expect((await send(bytes)).body).toEqual(Buffer.from(bytes));
    expect((await send(bytes.buffer)).body).toEqual(Buffer.from(bytes));
    expect(await send(new Blob([bytes], { type: 'application/octet-stream' }))).toMatchObject({
      contentType: 'application/octet-stream',
      body: Buffer.from(bytes),
    });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 100));
        controller.enqueue(bytes.subarray(100));
        controller.close();
      },
    });
    expect((await send(stream, { duplex: 'half' } as RequestInit)).body).toEqual(
      Buffer.from(bytes),
    );
  });

  it('FormData with a file, as multipart that parses back to the same fields and bytes', async () => {
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([bytes], { type: 'application/jsonl' }), 'requests.jsonl');
    const { contentType, body } = await send(form);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = await new Response(body, {
      headers: { 'content-type': contentType! },
    }).formData();
    expect(parsed.get('purpose')).toBe('batch');
    const file = parsed.get('file') as File;
    expect(file.name).toBe('requests.jsonl');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('URLSearchParams, form-encoded; and a Request as input, with its method and body', async () => {
    expect(await send(new URLSearchParams({ a: '1', b: 'x y' }))).toMatchObject({
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: Buffer.from('a=1&b=x+y'),
    });
    const request = new Request(server.url, { method: 'PUT', body: 'from a request' });
    await (await transport.fetch(request)).arrayBuffer();
    expect(received).toMatchObject({ method: 'PUT', body: Buffer.from('from a request') });
  });
});
