import Anthropic from '@anthropic-ai/sdk';
import { mapProviderError } from '@llmux/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

const transport = createTransport();
/** A port nothing listens on: a server's, once closed. */
let closedUrl: string;
let server: TestServer;
beforeAll(async () => {
  const closed = await startTestServer(() => {});
  closedUrl = closed.url;
  await closed.close();
  server = await startTestServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: one\n\n', () => res.destroy());
  });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

describe('connection failures fail as fetch fails', () => {
  it("connection refused: TypeError('fetch failed') with the socket error as cause", async () => {
    const error = await transport.fetch(closedUrl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    expect(mapProviderError(error, { provider: 'anthropic' })).toMatchObject({
      kind: 'network',
      retryable: true,
    });
  });

  it("a connection broken in the body: TypeError('terminated'), read as a network error", async () => {
    const response = await transport.fetch(server.url);
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'terminated', cause: expect.any(Error) });
    expect(mapProviderError(error, { provider: 'openai' }).kind).toBe('network');
  });

  it('the Anthropic SDK reads a refused connection as its APIConnectionError', async () => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: closedUrl,
      fetch: transport.fetch,
      maxRetries: 0,
    });
    await expect(
      client.messages.create({
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('a URL fetch cannot take is a TypeError', async () => {
    await expect(transport.fetch('not a url')).rejects.toThrow(TypeError);
    await expect(transport.fetch('ftp://127.0.0.1/file')).rejects.toThrow(
      new TypeError('fetch failed'),
    );
  });
});
