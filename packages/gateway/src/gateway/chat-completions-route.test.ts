import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createManualClock, type LanguageModel, type StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { handleChatCompletions } from './chat-completions-route.js';

/** A model whose stream breaks the contract: it throws after it has begun. */
const throwingModel: LanguageModel = {
  provider: 'test',
  modelId: 'test',
  generate: () => Promise.reject(new Error('unused')),
  async *stream(): AsyncGenerator<StreamEvent> {
    yield { type: 'start', id: 'x', provider: 'test', model: 'm', warnings: [] };
    yield { type: 'text-delta', delta: 'partial' };
    throw new Error('broke mid-stream with key sk-secret-123456');
  },
};

describe('handleChatCompletions', () => {
  it('ends a stream that throws once begun with an error chunk, scrubbed', async () => {
    const server = createServer((_req, res) => {
      void handleChatCompletions(
        { model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true },
        { tenant: 't', requestId: 'r', resolveModel: () => undefined },
        res,
        {
          model: throwingModel,
          clock: createManualClock(),
          scrub: (text) => text.replace('sk-secret-123456', '[redacted]'),
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      const frames = body.trim().split('\n\n');
      expect(frames[1]).toContain('"content":"partial"');
      // A bug, not an LlmuxError: the client learns that it failed, not how.
      expect(JSON.parse(frames.at(-1)!.slice('data: '.length))).toEqual({
        error: {
          message: 'Internal error',
          type: 'server_error',
          param: null,
          code: 'internal_error',
        },
      });
      expect(body).not.toContain('[DONE]');
      expect(body).not.toContain('sk-secret');
    } finally {
      server.close();
    }
  });
});
