import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  collectStream,
  createManualClock,
  emptyUsage,
  type GenerateRequest,
  type LanguageModel,
  type StreamEvent,
} from '@llmux/core';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { handleChatCompletions } from './chat-completions-route.js';
import { RequestFieldError } from './request-field-error.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** The route alone on loopback over `model`, the official SDK its client. */
async function serveRoute(model: LanguageModel, scrub = (text: string) => text) {
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk;
    });
    req.on('end', () => {
      handleChatCompletions(
        JSON.parse(text),
        { tenant: 't', requestId: 'r', resolveModel: () => undefined },
        res,
        { model, clock: createManualClock(), scrub },
      ).catch((error: unknown) => {
        const param = error instanceof RequestFieldError ? error.param : null;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error), type: 'x', param, code: 'x' } }));
      });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { url, client: new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 }) };
}

/** A model that thinks, then answers with per-token logprobs, as `provider`; it keeps requests. */
function thinkingModel(provider: string) {
  const calls: GenerateRequest[] = [];
  async function* stream(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    calls.push(request);
    yield { type: 'start', id: 'x', provider, model: 'm', warnings: [] };
    yield { type: 'reasoning-delta', delta: 'Checkout ' };
    yield { type: 'reasoning-delta', delta: 'looks fine.' };
    yield { type: 'reasoning', text: 'Checkout looks fine.', signature: 'sig' };
    yield {
      type: 'text-delta',
      delta: 'Up',
      logprobs: [{ token: 'Up', logprob: -0.1, top: [{ token: 'Down', logprob: -3 }] }],
    };
    yield { type: 'text-delta', delta: '.', logprobs: [{ token: '.', logprob: 0, top: [] }] };
    yield {
      type: 'finish',
      finishReason: { unified: 'stop' },
      usage: { ...emptyUsage(), inputTokens: 5, outputTokens: 9, reasoningTokens: 7 },
      costUsd: 0,
      latencyMs: 1,
      trace: { attempts: [] },
    };
  }
  const model: LanguageModel = {
    provider,
    modelId: 'm',
    stream,
    generate: (request) => collectStream(stream(request)),
  };
  return { model, calls };
}

const question = { role: 'user' as const, content: 'Is checkout up?' };

describe('handleChatCompletions', () => {
  it('ends a stream that throws once begun with an error chunk, scrubbed', async () => {
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
    const { url } = await serveRoute(throwingModel, (text) =>
      text.replace('sk-secret-123456', '[redacted]'),
    );
    const body = await (
      await fetch(url, {
        method: 'POST',
        body: JSON.stringify({ model: 'auto', messages: [question], stream: true }),
      })
    ).text();
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
  });

  it('hands the SDK settings to the model, and answers its reasoning and logprobs', async () => {
    const { model, calls } = thinkingModel('openai');
    const { client } = await serveRoute(model);
    const { data, response } = await client.chat.completions
      .create({
        model: 'auto',
        messages: [question],
        reasoning_effort: 'low',
        logprobs: true,
        top_logprobs: 1,
        frequency_penalty: 0.4,
        presence_penalty: -0.4,
        parallel_tool_calls: false,
        service_tier: 'flex',
        user: 'oncall-7',
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'status', schema: { type: 'object' }, strict: true },
        },
      })
      .withResponse();
    expect(calls[0]).toMatchObject({
      reasoning: { effort: 'low' },
      logprobs: { top: 1 },
      frequencyPenalty: 0.4,
      presencePenalty: -0.4,
      parallelToolCalls: false,
      serviceTier: 'flex',
      metadata: { user: 'oncall-7' },
      responseFormat: { type: 'json', name: 'status', schema: { type: 'object' }, strict: true },
    });
    const choice = data.choices[0]!;
    expect(choice.message.content).toBe('Up.');
    expect((choice.message as unknown as { reasoning_content: string }).reasoning_content).toBe(
      'Checkout looks fine.',
    );
    expect(choice.logprobs?.content).toEqual([
      {
        token: 'Up',
        logprob: -0.1,
        bytes: [85, 112],
        top_logprobs: [{ token: 'Down', logprob: -3, bytes: [68, 111, 119, 110] }],
      },
      { token: '.', logprob: 0, bytes: [46], top_logprobs: [] },
    ]);
    expect(response.headers.get('x-llmux-warnings')).toBeNull();
  });

  it('streams reasoning_content and logprobs deltas the SDK reads', async () => {
    const { model } = thinkingModel('openai');
    const { client } = await serveRoute(model);
    const stream = await client.chat.completions.create({
      model: 'auto',
      messages: [question],
      stream: true,
      logprobs: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.map((c) => c.choices[0]?.delta as { reasoning_content?: string });
    expect(deltas.map((d) => d?.reasoning_content ?? '').join('')).toBe('Checkout looks fine.');
    const tokens = chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? []);
    expect(tokens.map((t) => [t.token, t.logprob])).toEqual([
      ['Up', -0.1],
      ['.', 0],
    ]);
  });

  it("warns of OpenAI's own fields when another provider answers, streamed or not", async () => {
    const { model, calls } = thinkingModel('anthropic');
    const { client } = await serveRoute(model);
    const body = {
      model: 'auto',
      messages: [question],
      logit_bias: { '1734': -100 },
      verbosity: 'low' as const,
      tools: [{ type: 'function' as const, function: { name: 'f', strict: true } }],
    };
    const expected = [
      'tools[0].function.strict: not enforced: tool schemas go to the providers without strict mode',
      'logit_bias: only OpenAI models take it, and anthropic answered',
      'verbosity: only OpenAI models take it, and anthropic answered',
    ];
    const { data, response } = await client.chat.completions.create(body).withResponse();
    expect(calls[0]?.providerOptions).toEqual({
      openai: { logitBias: { '1734': -100 }, verbosity: 'low' },
    });
    expect((data as unknown as { llmux: { warnings: string[] } }).llmux.warnings).toEqual(expected);
    const header = response.headers.get('x-llmux-warnings')!;
    expect(header.split('; ').map(decodeURIComponent)).toEqual(
      expected.map((w) => w.replaceAll(';', ',')),
    );
    const streamed = await client.chat.completions.create({ ...body, stream: true }).withResponse();
    expect(streamed.response.headers.get('x-llmux-warnings')).toBe(header);
    let last: unknown;
    for await (const chunk of streamed.data) last = chunk;
    expect((last as { llmux: { warnings: string[] } }).llmux.warnings).toEqual(expected);
  });
});
