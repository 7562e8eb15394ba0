import {
  collectStream,
  createManualClock,
  createModelCatalog,
  defaultCatalog,
  type GenerateRequest,
  type LlmuxError,
  type StreamEvent,
  textOf,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaude } from './claude-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('anthropic');
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const model = (id = 'claude-haiku-4-5', extra = {}) =>
  createClaude({ baseURL: sim.baseURL, apiKey: 'k', ...extra })(id);
const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});
const body = () => sim.requests.at(-1)?.body as Record<string, unknown>;
const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

describe('ClaudeLanguageModel against the Anthropic simulator', () => {
  it('sends sampling parameters to models that take them and warns for those that do not', async () => {
    await model('claude-haiku-4-5').generate(ask('hi', { temperature: 0.2, topK: 5 }));
    expect(body()).toMatchObject({ temperature: 0.2, top_k: 5 });

    const response = await model('claude-opus-5').generate(
      ask('hi', { temperature: 0.2, seed: 1 }),
    );
    expect(body()).not.toHaveProperty('temperature');
    expect(response.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'temperature',
        details: 'claude-opus-5 does not take sampling parameters',
      },
      { type: 'unsupported-setting', setting: 'seed', details: 'Anthropic has no seed' },
    ]);
    const events = await drain(model('claude-opus-5').stream(ask('hi', { seed: 1 })));
    expect(events[0]).toMatchObject({
      type: 'start',
      warnings: [expect.objectContaining({ setting: 'seed' })],
    });
  });

  it('maps tool choice, JSON schema and provider options onto the wire', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    await model().generate(
      ask('hi', {
        tools: [{ name: 'lookup', description: 'Looks up', parameters: { properties: {} } }],
        toolChoice: 'required',
        responseFormat: { type: 'json', schema },
        stopSequences: ['STOP'],
        providerOptions: { anthropic: { userId: 'u-9', effort: 'medium' } },
      }),
    );
    expect(body()).toMatchObject({
      tools: [
        {
          name: 'lookup',
          description: 'Looks up',
          input_schema: { type: 'object', properties: {} },
        },
      ],
      tool_choice: { type: 'any' },
      output_config: { format: { type: 'json_schema', schema }, effort: 'medium' },
      stop_sequences: ['STOP'],
      metadata: { user_id: 'u-9' },
      max_tokens: 4096,
    });
  });

  it('marks the prompt-cache prefix and prices 1-hour cache writes at their own rate', async () => {
    sim.configure({
      reply: {
        text: 'cached',
        usage: {
          inputTokens: 10_000,
          cacheWriteTokens: 9_000,
          cacheWrite1hTokens: 9_000,
          outputTokens: 10,
        },
      },
    });
    const response = await model().generate({
      messages: [
        { role: 'system', content: 'A long, stable runbook.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'noted' },
        { role: 'user', content: 'second' },
      ],
      promptCache: { prefix: { messages: 2 }, ttl: '1h' },
    });
    const sent = body().messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(sent[1]?.content.at(-1)).toEqual({
      type: 'text',
      text: 'noted',
      cache_control: { type: 'ephemeral', ttl: '1h' },
    });
    expect(response.usage).toEqual({
      inputTokens: 10_000,
      outputTokens: 10,
      cacheReadTokens: 0,
      cacheWriteTokens: 9_000,
      cacheWrite1hTokens: 9_000,
      reasoningTokens: 0,
    });
    const fiveMinutes = defaultCatalog.costOf(
      { ...response.usage, cacheWrite1hTokens: 0 },
      'anthropic',
      'claude-haiku-4-5',
    );
    expect(response.costUsd).toBe(
      defaultCatalog.costOf(response.usage, 'anthropic', 'claude-haiku-4-5'),
    );
    expect(response.costUsd).toBeGreaterThan(fiveMinutes);
  });

  it('reports reasoning tokens', async () => {
    sim.configure({ reply: { text: 'thought', usage: { outputTokens: 50, reasoningTokens: 30 } } });
    const generated = await model().generate(ask('think'));
    const streamed = await collectStream(model().stream(ask('think')));
    expect(generated.usage.reasoningTokens).toBe(30);
    expect(streamed.usage).toEqual(generated.usage);
  });

  it('reads the rate-limit headers into the response and the stream start', async () => {
    sim.configure({ limits: { requestsPerMinute: 10, tokensPerMinute: 5000 } });
    const response = await model().generate(ask('hi'));
    expect(response.rateLimits).toMatchObject({
      requestsLimit: 10,
      requestsRemaining: 9,
      tokensLimit: 5000,
    });
    expect(response.rateLimits?.requestsResetAt).toBeTypeOf('number');
    const [start] = await drain(model().stream(ask('hi')));
    expect(start).toMatchObject({ type: 'start', rateLimits: { requestsRemaining: 8 } });
  });

  it('refuses a call over the rate limit with rate_limited and its retry-after', async () => {
    sim.configure({ limits: { requestsPerMinute: 1 } });
    await model().generate(ask('hi'));
    await expect(model().generate(ask('hi'))).rejects.toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 60_000,
    });
  });

  it('costs 0 with a warning for a model the catalog does not price', async () => {
    const response = await model('claude-experimental').generate(ask('hi'));
    expect(response.costUsd).toBe(0);
    expect(response.warnings).toEqual([
      {
        type: 'other',
        message:
          'No price is known for anthropic model "claude-experimental": costUsd is 0. Add its price with createModelCatalog() and pass that catalog to the provider.',
      },
    ]);
    const priced = await model('claude-experimental', {
      catalog: createModelCatalog(
        [
          {
            provider: 'anthropic',
            model: 'claude-experimental',
            contextWindow: 1000,
            maxOutputTokens: 100,
            capabilities: { tools: true, images: true, json: true, jsonSchema: true },
            pricing: { input: 1_000_000, output: 0 },
          },
        ],
        [],
      ),
    }).generate(ask('hi'));
    expect(priced.costUsd).toBe(priced.usage.inputTokens);
  });

  it('measures latency and time to first token on the injected clock', async () => {
    const clock = createManualClock(0);
    const local = await startSimulator('anthropic', {
      clock,
      behavior: { latencyMs: 200, timeToFirstTokenMs: 500, reply: { text: 'paced answer' } },
    });
    const claude = createClaude({ baseURL: local.baseURL, apiKey: 'k', clock })('claude-haiku-4-5');
    const events = drain(claude.stream(ask('hi')));
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.next();
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.next();
    const finish = (await events).at(-1);
    expect(finish).toMatchObject({ type: 'finish', latencyMs: 700, timeToFirstTokenMs: 700 });
    const generated = claude.generate(ask('hi'));
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.next();
    expect((await generated).latencyMs).toBe(200);
    await local.close();
  });

  it('frees the connection when the caller stops reading a stream', async () => {
    sim.configure({ reply: { text: 'y'.repeat(200) }, chunkSize: 4, chunkIntervalMs: 5 });
    for await (const event of model().stream(ask('long'))) {
      if (event.type === 'text-delta') break;
    }
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
  });

  it('is cancelled at once when the signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(model().generate(ask('hi', { signal: controller.signal }))).rejects.toMatchObject({
      kind: 'cancelled',
    });
    const events = await drain(model().stream(ask('hi', { signal: controller.signal })));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'cancelled' }) },
    ]);
  });

  it('refuses a request that is not one without calling, in generate and stream', async () => {
    await expect(model().generate(undefined as never)).rejects.toMatchObject({
      kind: 'invalid_request',
      message: 'request.messages must be an array',
    });
    const events = await drain(model().stream(undefined as never));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'invalid_request' }) },
    ]);
    expect(sim.counters.requests).toBe(0);
  });

  it('refuses a request it cannot send with invalid_request, as a rejection and as a stream error', async () => {
    const bad = ask('hi', {
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 5 } } },
    });
    await expect(model().generate(bad)).rejects.toMatchObject({ kind: 'invalid_request' });
    const events = await drain(model().stream(bad));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'invalid_request' }) },
    ]);
    expect(sim.counters.requests).toBe(0);
  });

  it('ends a stream that stops before message_stop with a server error, never silently', async () => {
    sim.configure({ reply: { text: 'z'.repeat(40) }, chunkSize: 8 });
    sim.fault({ type: 'cut-stream', afterFrames: 3 });
    const events = await drain(model().stream(ask('hi')));
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: expect.stringMatching(/^(network|server_error)$/), retryable: true },
    });
  });

  it('ends with a timeout when a timeout signal fires mid-stream', async () => {
    sim.configure({ reply: { text: 'y'.repeat(200) }, chunkSize: 4, chunkIntervalMs: 5 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of model().stream(ask('long', { signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort(new DOMException('late', 'TimeoutError'));
    }
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ error: { kind: 'timeout', retryable: true } });
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
  });

  it('keeps the API key out of errors, even when the API echoes it', async () => {
    const apiKey = 'sk-ant-api03-secret-0123456789';
    sim.fault({ type: 'status', status: 401, message: `invalid x-api-key ${apiKey}` });
    const error = (await createClaude({ baseURL: sim.baseURL, apiKey })('claude-haiku-4-5')
      .generate(ask('hi'))
      .catch((e: unknown) => e)) as LlmuxError;
    expect(error).toMatchObject({ kind: 'authentication', status: 401 });
    expect(error.message).toContain('invalid x-api-key [redacted]');
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
  });

  it('counts tokens as the API counts a call', async () => {
    const request = ask('How many tokens does this take?', {
      messages: [
        { role: 'system', content: 'You count.' },
        { role: 'user', content: 'How many tokens does this take?' },
      ],
    });
    const counted = await model().countTokens(request);
    const response = await model().generate(request);
    expect(counted).toBe(response.usage.inputTokens);
    expect(sim.requests[0]).toMatchObject({ operation: 'count-tokens' });
    expect(sim.requests[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('maps a failed count to its error kind', async () => {
    sim.fault({ type: 'status', status: 404, message: 'model: nope' });
    await expect(model().countTokens(ask('hi'))).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
    });
  });

  it('streams the answer to a tool result', async () => {
    sim.configure({ reply: (r) => ({ text: `got ${r.lastUserText}` }) });
    const response = await model().generate({
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'weather', arguments: {} },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'weather', result: 'sunny' },
          ],
        },
      ],
    });
    expect(textOf(response)).toBe('got sunny');
  });
});

describe('ClaudeLanguageModel prompt caching against the simulator', () => {
  const clock = createManualClock(1_700_000_000_000);
  let cacheSim: Simulator;
  beforeAll(async () => {
    cacheSim = await startSimulator('anthropic', { clock });
  });
  beforeEach(() => cacheSim.reset());
  afterAll(() => cacheSim.close());

  const claude = () =>
    createClaude({ baseURL: cacheSim.baseURL, apiKey: 'k', clock })('claude-sonnet-5');
  /** About 1600 tokens: above the 1024 claude-sonnet-5 caches at least. */
  const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);
  const conversation = (
    question: string,
    hint: GenerateRequest['promptCache'] = { prefix: { messages: 2 } },
    earlier = 'Is the disk full?',
  ): GenerateRequest => ({
    messages: [
      { role: 'system', content: runbook },
      { role: 'user', content: earlier },
      { role: 'assistant', content: 'No: 40% used.' },
      { role: 'user', content: question },
    ],
    tools: [{ name: 'df', description: 'Disk usage', parameters: { type: 'object' } }],
    promptCache: hint,
  });
  const breakpoints = () =>
    JSON.stringify(cacheSim.requests.at(-1)?.body).match(/"cache_control"/g)?.length ?? 0;

  it('writes the hinted prefix on the first call and reads it on the next, each at its rate', async () => {
    const first = await claude().generate(conversation('Is the network down?'));
    expect(breakpoints()).toBe(4);
    const written = first.usage.cacheWriteTokens;
    expect(written).toBeGreaterThan(1_500);
    expect(first.usage).toMatchObject({ cacheReadTokens: 0 });
    expect(first.usage.cacheWrite1hTokens).toBeUndefined();

    const second = await claude().generate(conversation('Is the queue backed up?'));
    expect(second.usage).toMatchObject({ cacheReadTokens: written, cacheWriteTokens: 0 });
    expect(second.usage.inputTokens - written).toBeLessThan(50);
    expect(second.costUsd).toBeLessThan(first.costUsd / 3);
    const streamed = await collectStream(claude().stream(conversation('Is the queue backed up?')));
    expect(streamed.usage).toEqual(second.usage);
  });

  it('reads the system prompt alone once the conversation after it changes', async () => {
    await claude().generate(conversation('one'));
    const other = await claude().generate(conversation('two', undefined, 'Is the CPU busy?'));
    expect(other.usage.cacheReadTokens).toBeGreaterThan(1_500);
    expect(other.usage.cacheWriteTokens).toBeGreaterThan(0);
  });

  it('writes 1-hour breakpoints apart, and reads them half an hour later', async () => {
    const first = await claude().generate(conversation('one', { prefix: 'system', ttl: '1h' }));
    expect(first.usage.cacheWrite1hTokens).toBe(first.usage.cacheWriteTokens);
    await clock.advance(30 * 60_000);
    const later = await claude().generate(conversation('two'));
    expect(later.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(later.usage.cacheWrite1hTokens).toBeUndefined();
    await clock.advance(6 * 60_000);
    const lapsed = await claude().generate(conversation('three'));
    expect(lapsed.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(lapsed.usage.cacheWriteTokens).toBe(later.usage.cacheWriteTokens);
  });
});
