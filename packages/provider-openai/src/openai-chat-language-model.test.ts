import {
  collectStream,
  createManualClock,
  type GenerateRequest,
  type StreamEvent,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenAI } from './openai-provider.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = (modelId = 'gpt-5-mini') =>
  createOpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, clock })(modelId);
const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'What changed?' }],
  ...extra,
});
const lastBody = () => sim.requests.at(-1)?.body as Record<string, unknown>;

const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

describe('OpenAI chat model over the simulator', () => {
  it('sends max_completion_tokens, stop, seed, provider options and the prompt cache key', async () => {
    await model().generate(
      ask({
        maxOutputTokens: 64,
        stopSequences: ['END'],
        seed: 3,
        promptCache: { prefix: 'system', key: 'tenant-7' },
        providerOptions: { openai: { reasoningEffort: 'low', serviceTier: 'flex' } },
      }),
    );
    expect(lastBody()).toMatchObject({
      model: 'gpt-5-mini',
      max_completion_tokens: 64,
      stop: ['END'],
      seed: 3,
      prompt_cache_key: 'tenant-7',
      reasoning_effort: 'low',
      service_tier: 'flex',
    });
    expect(lastBody()).toMatchObject({ stream: false });
    expect(lastBody()).not.toHaveProperty('stream_options');
  });

  it('refuses a request that is not one without calling, in generate and stream', async () => {
    await expect(model().generate(undefined as never)).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    const events = await drain(model().stream({ messages: [] }));
    expect(events).toMatchObject([
      {
        type: 'error',
        error: { kind: 'invalid_request', message: 'messages must be a non-empty array' },
      },
    ]);
    expect(sim.counters.requests).toBe(0);
  });

  it('always asks for usage when streaming', async () => {
    await drain(model().stream(ask()));
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('drops what a reasoning model refuses, so the call goes through with warnings', async () => {
    const response = await model('gpt-5-mini').generate(ask({ temperature: 0.3, topK: 5 }));
    expect(lastBody()).not.toHaveProperty('temperature');
    expect(
      response.warnings.map((w) => (w.type === 'unsupported-setting' ? w.setting : '')),
    ).toEqual(['temperature', 'topK']);
    await model('gpt-4.1').generate(ask({ temperature: 0.3 }));
    expect(lastBody()).toMatchObject({ temperature: 0.3 });
  });

  it("maps the API's refusal of a legacy parameter (the recorded 400)", async () => {
    const request = ask({ providerOptions: { openai: { extraBody: { max_tokens: 5 } } } });
    await expect(model('gpt-5-mini').generate(request)).rejects.toMatchObject({
      kind: 'invalid_request',
      retryable: false,
      status: 400,
      message: expect.stringContaining("'max_tokens' is not supported with this model"),
    });
  });

  it('reports rate-limit headers, resets on the injected clock', async () => {
    sim.configure({ limits: { requestsPerMinute: 3, tokensPerMinute: 10_000 } });
    await model().generate(ask());
    await clock.advance(10_000);
    const response = await model().generate(ask());
    expect(response.rateLimits).toEqual({
      requestsLimit: 3,
      requestsRemaining: 1,
      requestsResetAt: clock.now(),
      tokensLimit: 10_000,
      tokensRemaining: expect.any(Number),
      tokensResetAt: clock.now(),
    });
    await model().generate(ask());
    await expect(model().generate(ask())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 50_000,
      status: 429,
    });
  });

  it('measures latency and time to first token on the injected clock', async () => {
    sim.configure({ latencyMs: 120, timeToFirstTokenMs: 300, chunkIntervalMs: 50, chunkSize: 4 });
    const events: StreamEvent[] = [];
    const consumed = (async () => {
      for await (const event of model().stream(ask())) events.push(event);
    })();
    while (!events.some((e) => e.type === 'finish' || e.type === 'error')) {
      await vi.waitFor(() => expect(clock.pending()).toBeGreaterThan(0));
      await clock.next();
    }
    await consumed;
    // "Echo: What changed?" is 20 characters: 5 chunks, 4 intervals.
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      timeToFirstTokenMs: 420,
      latencyMs: 620,
    });
  });

  it('frees the connection when the caller stops reading a stream', async () => {
    // The simulator waits on the manual clock before its second chunk: only our abort ends it.
    sim.configure({ reply: { text: 'y'.repeat(200) }, chunkSize: 2, chunkIntervalMs: 10 });
    for await (const event of model().stream(ask())) {
      if (event.type === 'text-delta') break;
    }
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
  });

  it('maps an in-stream rate-limit error', async () => {
    sim.configure({ reply: { text: 'z'.repeat(40) }, chunkSize: 8 });
    sim.fault({
      type: 'stream-error',
      afterFrames: 2,
      status: 429,
      message: 'Rate limit reached for gpt-5-mini on requests per min (RPM): Limit 3.',
    });
    const events = await drain(model().stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ error: { kind: 'rate_limited', retryable: true } });
  });

  it('collects a stream of a scripted answer into the generated response', async () => {
    sim.configure({
      reply: {
        text: 'Restarting.',
        toolCalls: [{ id: 'call_fixed', name: 'restart', arguments: { service: 'api' } }],
        usage: { inputTokens: 900, cacheReadTokens: 512, outputTokens: 40, reasoningTokens: 16 },
      },
    });
    const request = ask({ tools: [{ name: 'restart', parameters: { type: 'object' } }] });
    const generated = await model().generate(request);
    const streamed = await collectStream(model().stream(request));
    // Only the id (a new call), the timings and the stream's time to first token may differ.
    const comparable = ({ id, latencyMs, timeToFirstTokenMs, ...rest }: typeof generated) => rest;
    expect(comparable(streamed)).toEqual(comparable(generated));
    expect(generated.usage).toEqual({
      inputTokens: 900,
      outputTokens: 40,
      cacheReadTokens: 512,
      cacheWriteTokens: 0,
      reasoningTokens: 16,
    });
  });
});

describe('OpenAI chat model prompt caching over the simulator', () => {
  /** About 1600 tokens: above the 1024 OpenAI starts caching at. */
  const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);
  const call = (question: string, tenant: string): GenerateRequest => ({
    messages: [
      { role: 'system', content: runbook },
      { role: 'user', content: question },
    ],
    promptCache: { prefix: 'system', ttl: '1h' },
    metadata: { tenant },
  });

  it('routes requests that share the hinted prefix to one cache, per tenant, and reads it', async () => {
    const first = await model('gpt-5.1').generate(call('Is the disk full?', 'acme'));
    const key = lastBody().prompt_cache_key;
    expect(lastBody()).toMatchObject({
      prompt_cache_key: expect.stringMatching(/^llmux-[\w-]{22}$/),
      prompt_cache_retention: '24h',
    });
    expect(first.usage.cacheReadTokens).toBe(0);

    const second = await model('gpt-5.1').generate(call('Is the network down?', 'acme'));
    expect(lastBody().prompt_cache_key).toBe(key);
    expect(second.usage.cacheReadTokens).toBeGreaterThanOrEqual(1_024);
    expect(second.usage.cacheReadTokens % 128).toBe(0);
    expect(second.usage.inputTokens).toBeGreaterThan(second.usage.cacheReadTokens);
    expect(second.costUsd).toBeLessThan(first.costUsd);
    const streamed = await collectStream(
      model('gpt-5.1').stream(call('Is the network down?', 'acme')),
    );
    expect(streamed.usage).toEqual(second.usage);

    const other = await model('gpt-5.1').generate(call('Is the network down?', 'globex'));
    expect(lastBody().prompt_cache_key).not.toBe(key);
    expect(other.usage.cacheReadTokens).toBe(0);
  });
});
