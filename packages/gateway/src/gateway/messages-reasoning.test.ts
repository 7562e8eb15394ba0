import Anthropic from '@anthropic-ai/sdk';
import {
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  responseToStream,
  sequentialIds,
} from '@llmux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTenantKeys } from './auth.js';
import { createGateway, type Gateway } from './server.js';

const KEY = 'llmux-test-thinker-0123456789';
const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.shutdown(0)));
});

/**
 * A model that thinks (the adapters may not show reasoning yet): it answers with a signed
 * thinking part, a redacted one, text and a tool call, written by `provider`, and keeps every
 * request it gets.
 */
function thinker(provider: string) {
  const requests: GenerateRequest[] = [];
  const answer = (): GenerateResponse => ({
    id: 'r-1',
    provider,
    model: 'claude-sonnet-4-6',
    content: [
      { type: 'reasoning', text: 'The 10:02 deploy lines up.', signature: 'sig-1', provider },
      { type: 'reasoning', text: '', redactedData: 'opaque-2', provider },
      { type: 'text', text: 'Roll it back.' },
      {
        type: 'tool-call',
        toolCallId: 'toolu_1',
        toolName: 'rollback',
        arguments: { deploy: '10:02' },
      },
    ],
    finishReason: { unified: 'tool-calls', raw: 'tool_use' },
    usage: {
      inputTokens: 120,
      outputTokens: 40,
      cacheReadTokens: 100,
      cacheWriteTokens: 0,
      reasoningTokens: 20,
    },
    costUsd: 0.001,
    latencyMs: 5,
    warnings: [],
    trace: { attempts: [] },
  });
  const model: LanguageModel = {
    provider: 'router',
    modelId: 'stack',
    generate: async (request) => {
      requests.push(request);
      return answer();
    },
    stream: (request) => {
      requests.push(request);
      return responseToStream(answer());
    },
  };
  return { model, requests };
}

async function start(provider = 'anthropic') {
  const { model, requests } = thinker(provider);
  const gateway = createGateway({
    model,
    candidates: [{ provider: 'anthropic', model: 'claude-sonnet-4-6' }],
    readiness: async () => ({ ready: true, degraded: [], checks: [] }),
    keys: resolveTenantKeys({ acme: { keyEnv: 'KEY' } }, { KEY }),
    maxBodyBytes: 64 * 1024,
    ids: sequentialIds('req'),
  });
  gateways.push(gateway);
  const { port } = await gateway.listen(0);
  const anthropic = new Anthropic({
    apiKey: KEY,
    baseURL: `http://127.0.0.1:${port}`,
    maxRetries: 0,
  });
  return { anthropic, requests };
}

const ask = {
  model: 'claude-sonnet-4-6',
  max_tokens: 4096,
  thinking: { type: 'enabled' as const, budget_tokens: 2048 },
  tools: [{ name: 'rollback', input_schema: { type: 'object' as const, properties: {} } }],
  messages: [{ role: 'user' as const, content: 'Checkout errors since 10:05. Why?' }],
};

const expected = [
  { type: 'thinking', thinking: 'The 10:02 deploy lines up.', signature: 'sig-1' },
  { type: 'redacted_thinking', data: 'opaque-2' },
  { type: 'text', text: 'Roll it back.' },
  { type: 'tool_use', id: 'toolu_1', name: 'rollback', input: { deploy: '10:02' } },
];

describe('thinking through /v1/messages', () => {
  it('answers thinking and redacted thinking blocks, and maps the request onto core', async () => {
    const { anthropic, requests } = await start();
    const message = await anthropic.messages.create({
      ...ask,
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      metadata: { user_id: 'oncall-7' },
      service_tier: 'standard_only',
      stop_sequences: ['END'],
      ...({ top_k: 5 } as object),
    });
    expect(message.content).toEqual(expected);
    expect(message.stop_reason).toBe('tool_use');
    // Anthropic's input_tokens leave out the 100 read from the cache.
    expect(message.usage).toMatchObject({
      input_tokens: 20,
      cache_read_input_tokens: 100,
      output_tokens: 40,
    });
    expect(requests[0]).toMatchObject({
      reasoning: { budgetTokens: 2048 },
      toolChoice: 'auto',
      parallelToolCalls: false,
      serviceTier: 'default',
      topK: 5,
      stopSequences: ['END'],
      maxOutputTokens: 4096,
      metadata: { tenant: 'acme', user: 'oncall-7' },
      route: { candidates: [{ provider: 'anthropic', model: 'claude-sonnet-4-6' }] },
    });
  });

  it('streams thinking_delta and signature_delta, which the SDK assembles into the same blocks', async () => {
    const { anthropic } = await start();
    const stream = anthropic.messages.stream(ask);
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const message = await stream.finalMessage();
    expect(message.content).toEqual(expected);
    expect(deltas).toEqual(['thinking_delta', 'signature_delta', 'text_delta', 'input_json_delta']);
  });

  it('takes the thinking back in the next turn as reasoning parts of the provider that wrote them', async () => {
    const { anthropic, requests } = await start();
    const first = await anthropic.messages.create(ask);
    await anthropic.messages.create({
      ...ask,
      messages: [
        ...ask.messages,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: 'rolled back',
              is_error: false,
            },
          ],
        },
      ],
    });
    expect(requests[1]?.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'The 10:02 deploy lines up.',
            signature: 'sig-1',
            provider: 'anthropic',
          },
          { type: 'reasoning', text: '', redactedData: 'opaque-2', provider: 'anthropic' },
          { type: 'text', text: 'Roll it back.' },
          {
            type: 'tool-call',
            toolCallId: 'toolu_1',
            toolName: 'rollback',
            arguments: { deploy: '10:02' },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'toolu_1',
            toolName: 'rollback',
            result: 'rolled back',
          },
        ],
      },
    ]);
  });

  it("marks another provider's reasoning, so it only ever goes back to that provider", async () => {
    const { anthropic, requests } = await start('gemini');
    const first = await anthropic.messages.create(ask);
    expect(first.content[0]).toEqual({
      type: 'thinking',
      thinking: 'The 10:02 deploy lines up.',
      signature: 'llmux:gemini:sig-1',
    });
    expect(first.content[1]).toEqual({ type: 'redacted_thinking', data: 'llmux:gemini:opaque-2' });
    await anthropic.messages.create({
      ...ask,
      messages: [...ask.messages, { role: 'assistant', content: first.content.slice(0, 3) }],
    });
    expect(requests[1]?.messages[1]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'The 10:02 deploy lines up.',
        signature: 'sig-1',
        provider: 'gemini',
      },
      { type: 'reasoning', text: '', redactedData: 'opaque-2', provider: 'gemini' },
      { type: 'text', text: 'Roll it back.' },
    ]);
  });

  it('maps adaptive and disabled thinking, and leaves the text out when display is omitted', async () => {
    const { anthropic, requests } = await start();
    const omitted = await anthropic.messages.create({
      ...ask,
      thinking: { type: 'enabled', budget_tokens: 2048, display: 'omitted' },
    });
    expect(omitted.content[0]).toEqual({ type: 'thinking', thinking: '', signature: 'sig-1' });
    await anthropic.messages.create({
      ...ask,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'medium' },
    });
    await anthropic.messages.create({ ...ask, thinking: { type: 'adaptive' } });
    await anthropic.messages.create({ ...ask, thinking: { type: 'disabled' } });
    expect(requests.slice(1).map((r) => r.reasoning)).toEqual([
      { effort: 'medium' },
      { effort: 'high' },
      { effort: 'none' },
    ]);
  });
});
