import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createManualClock,
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  type StreamEvent,
} from '@llmux/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body.js';
import { handleResponses } from './responses-route.js';

const usage = {
  inputTokens: 12,
  outputTokens: 30,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 18,
};

/** A reasoning model: it thinks (signed, as Claude does), then answers. */
const thinkingModel = (seen: GenerateRequest[]): LanguageModel => ({
  provider: 'anthropic',
  modelId: 'claude-sonnet-4-6',
  async generate(request): Promise<GenerateResponse> {
    seen.push(request);
    return {
      id: 'x',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      content: [
        {
          type: 'reasoning',
          text: 'The error rate is flat.',
          signature: 'sig',
          provider: 'anthropic',
        },
        { type: 'text', text: 'Checkout is healthy.' },
      ],
      finishReason: { unified: 'stop' },
      usage,
      costUsd: 0.001,
      latencyMs: 10,
      warnings: [],
      trace: { attempts: [] },
    };
  },
  async *stream(): AsyncGenerator<StreamEvent> {
    yield {
      type: 'start',
      id: 'x',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      warnings: [],
    };
    yield { type: 'reasoning-delta', delta: 'The error rate ' };
    yield { type: 'reasoning-delta', delta: 'is flat.' };
    yield { type: 'reasoning', text: 'The error rate is flat.', signature: 'sig' };
    yield { type: 'text-delta', delta: 'partial' };
    throw new Error('broke mid-stream with key sk-secret-123456');
  },
});

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** `handleResponses` alone on a loopback server, and the openai SDK pointed at it. */
async function serve(model: LanguageModel) {
  const server = createServer(async (req, res) => {
    const body = await readJsonBody(req, 1 << 16);
    await handleResponses(
      body,
      { tenant: 't', requestId: 'r1', resolveModel: () => undefined },
      res,
      {
        model,
        clock: createManualClock(Date.parse('2026-11-25T10:00:00Z')),
        scrub: (text) => text.replace('sk-secret-123456', '[redacted]'),
      },
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { url, client: new OpenAI({ apiKey: 'k', baseURL: url, maxRetries: 0 }) };
}

describe('handleResponses', () => {
  it('answers reasoning as a reasoning item with its summary, and the effort reaches core', async () => {
    const seen: GenerateRequest[] = [];
    const { client } = await serve(thinkingModel(seen));
    const response = await client.responses.create({
      model: 'auto',
      input: 'Is checkout healthy?',
      reasoning: { effort: 'high', summary: 'auto' },
    });
    expect(seen[0]?.reasoning).toEqual({ effort: 'high' });
    expect(response.created_at).toBe(Date.parse('2026-11-25T10:00:00Z') / 1000);
    expect(response.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(response.output[0]).toEqual({
      type: 'reasoning',
      id: 'rs_r1_0',
      summary: [{ type: 'summary_text', text: 'The error rate is flat.' }],
    });
    expect(response.output_text).toBe('Checkout is healthy.');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(18);
  });

  it('ends a stream that throws once begun with response.failed and a scrubbed error', async () => {
    const { client, url } = await serve(thinkingModel([]));
    const stream = client.responses.stream({
      model: 'auto',
      input: 'Is checkout healthy?',
      reasoning: { summary: 'concise' },
    });
    const summaries: string[] = [];
    stream.on('response.reasoning_summary_text.done', (event) => summaries.push(event.text));
    const error = await stream.finalResponse().catch((e: unknown) => e);
    expect(summaries).toEqual(['The error rate is flat.']);
    // A bug, not an LlmuxError: the client learns that it failed, not how.
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('internal_error');

    const raw = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ model: 'auto', input: 'hi', stream: true }),
    });
    const body = await raw.text();
    expect(body).toContain('event: response.failed');
    expect(body.trimEnd().split('\n\n').at(-1)).toContain('event: error');
    expect(body).not.toContain('sk-secret');
    expect(body).not.toContain('error rate'); // no summary asked for: the reasoning stays back
  });
});
