import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { collectStream, responseToStream } from './collect-stream.js';
import { defaultCatalog } from './default-catalog.js';
import { LlmuxError } from './errors.js';
import { sequentialIds } from './ids.js';
import type { LanguageModel } from './language-model.js';
import { createModelCatalog } from './model-catalog.js';
import { observe } from './observe.js';
import type { LlmuxEvent } from './observer.js';
import type { GenerateRequest } from './request.js';
import type { RequestRecord } from './request-record.js';
import { type GenerateResponse, textOf } from './response.js';
import type { StreamEvent } from './stream-event.js';

const START = Date.parse('2026-11-25T10:00:00Z');

const response: GenerateResponse = {
  id: 'msg_1',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  content: [{ type: 'text', text: 'Hi' }],
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: {
    inputTokens: 12,
    outputTokens: 3,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  costUsd: 0.000027,
  latencyMs: 100,
  warnings: [],
  trace: {
    attempts: [
      {
        provider: 'anthropic',
        model: 'claude-haiku-4-5',
        attempt: 1,
        startedAt: START,
        latencyMs: 100,
        outcome: 'success',
      },
    ],
  },
};

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Hello' }],
  metadata: { tenant: 'acme', task: 'chat', tags: ['demo'] },
};

/** A model whose stream waits on the clock between events, and that records what it was sent. */
function setup(streamEvents: Array<StreamEvent | number> = []) {
  const clock = createManualClock(START);
  const events: LlmuxEvent[] = [];
  const received: GenerateRequest[] = [];
  let failWith: unknown;
  const model: LanguageModel = {
    provider: 'anthropic',
    modelId: 'claude-haiku-4-5',
    async generate(req) {
      received.push(req);
      await clock.sleep(100);
      if (failWith !== undefined) throw failWith;
      return response;
    },
    async *stream(req) {
      received.push(req);
      for (const item of streamEvents) {
        if (typeof item === 'number') await clock.sleep(item);
        else yield item;
      }
    },
  };
  const observed = observe(model, {
    observer: (e) => events.push(e),
    clock,
    ids: sequentialIds('req'),
  });
  const records = () =>
    events.flatMap((e) => (e.type === 'request-end' ? [e.record] : [])) as RequestRecord[];
  return { clock, events, received, observed, records, fail: (e: unknown) => (failWith = e) };
}

const start: StreamEvent = {
  type: 'start',
  id: 'msg_1',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  warnings: [],
};
const finish: StreamEvent = {
  type: 'finish',
  finishReason: response.finishReason,
  usage: response.usage,
  costUsd: response.costUsd,
  latencyMs: 50,
  trace: response.trace,
};

describe('observe', () => {
  it('gives a generate call an id, passes it down and reports start and end', async () => {
    const { clock, events, received, observed, records } = setup();
    const pending = observed.generate(request);
    await clock.advance(100);
    expect(await pending).toBe(response);
    expect(received[0]?.metadata).toEqual({ ...request.metadata, requestId: 'req-1' });
    expect(events[0]).toEqual({
      type: 'request-start',
      requestId: 'req-1',
      at: START,
      streamed: false,
      metadata: { ...request.metadata, requestId: 'req-1' },
    });
    expect(records()).toEqual([
      expect.objectContaining({
        request_id: 'req-1',
        timestamp: '2026-11-25T10:00:00.000Z',
        selected_provider: 'anthropic',
        tenant: 'acme',
        streamed: false,
        latency_ms: 100,
        input_tokens: 12,
        cost_usd: 0.000027,
        finish_reason: 'stop',
        error_kind: null,
      }),
    ]);
  });

  it('without an observer, still gives each call an id and its answer, for generate and stream', async () => {
    const clock = createManualClock(START);
    const received: GenerateRequest[] = [];
    const model: LanguageModel = {
      provider: 'anthropic',
      modelId: 'claude-haiku-4-5',
      async generate(req) {
        received.push(req);
        return response;
      },
      stream(req) {
        received.push(req);
        return responseToStream(response);
      },
    };
    const observed = observe(model, { clock, ids: sequentialIds('req') });
    expect(await observed.generate(request)).toBe(response);
    expect(textOf(await collectStream(observed.stream(request)))).toBe(textOf(response));
    expect(received.map((r) => r.metadata?.requestId)).toEqual(['req-1', 'req-2']);
  });

  it('reports the settings a request set, and the id of its answer', async () => {
    const { clock, events, observed } = setup();
    const pending = observed.generate({ ...request, temperature: 0.3, maxOutputTokens: 64 });
    await clock.advance(100);
    await pending;
    expect(events[0]).toMatchObject({ settings: { temperature: 0.3, maxOutputTokens: 64 } });
    expect(events[0]).not.toHaveProperty('settings.topP');
    expect(events.at(-1)).toMatchObject({ type: 'request-end', responseId: response.id });
  });

  it('keeps a request id the caller already set', async () => {
    const { clock, observed, records } = setup();
    const pending = observed.generate({ ...request, metadata: { requestId: 'mine' } });
    await clock.advance(100);
    await pending;
    expect(records()[0]?.request_id).toBe('mine');
  });

  it('reports a failed generate and rejects with an LlmuxError', async () => {
    const { clock, observed, records, fail } = setup();
    fail(new Error('socket hang up'));
    const pending = observed.generate(request);
    const settled = expect(pending).rejects.toMatchObject({ kind: 'server_error' });
    await clock.advance(100);
    await settled;
    expect(records()[0]).toMatchObject({
      error_kind: 'server_error',
      error_message: 'socket hang up',
      latency_ms: 100,
      selected_provider: null,
    });
  });

  it('keeps the kind of an LlmuxError from below', async () => {
    const { clock, observed, records, fail } = setup();
    const limited = new LlmuxError({ kind: 'rate_limited', message: '429', retryAfterMs: 5 });
    fail(limited);
    const settled = expect(observed.generate(request)).rejects.toBe(limited);
    await clock.advance(100);
    await settled;
    expect(records()[0]?.error_kind).toBe('rate_limited');
  });

  it('measures time to first token and latency of a stream on the clock', async () => {
    const delta: StreamEvent = { type: 'text-delta', delta: 'Hi' };
    const { clock, events, observed, records } = setup([start, 30, delta, 20, finish]);
    const seen: StreamEvent[] = [];
    const consumed = (async () => {
      for await (const event of observed.stream(request)) seen.push(event);
    })();
    await clock.advance(30);
    await clock.advance(20);
    await consumed;
    expect(seen).toEqual([start, delta, finish]);
    expect(events[0]).toMatchObject({ type: 'request-start', streamed: true });
    expect(records()).toEqual([
      expect.objectContaining({
        request_id: 'req-1',
        streamed: true,
        time_to_first_token_ms: 30,
        latency_ms: 50,
        output_tokens: 3,
        error_kind: null,
      }),
    ]);
  });

  it('puts what the prompt cache saved on the answer and in its record, for generate and stream', async () => {
    const cached: GenerateResponse = {
      ...response,
      usage: {
        ...response.usage,
        inputTokens: 100_000,
        cacheReadTokens: 80_000,
        cacheWriteTokens: 10_000,
      },
    };
    const records: RequestRecord[] = [];
    const observed = observe(answering(cached), {
      observer: (e) => (e.type === 'request-end' ? records.push(e.record) : undefined),
    });
    // Haiku 4.5 in the default catalog: reads save $0.90 a million, 5-minute writes cost $0.25 a
    // million more than input.
    const saved = 0.08 * 0.9 - 0.01 * 0.25;
    expect((await observed.generate(request)).trace.promptCacheSavedUsd).toBeCloseTo(saved, 12);
    const streamed = await collectStream(observed.stream(request));
    expect(streamed.trace.promptCacheSavedUsd).toBeCloseTo(saved, 12);
    expect(records.map((r) => r.prompt_cache_saved_usd)).toEqual([
      expect.closeTo(saved, 12),
      expect.closeTo(saved, 12),
    ]);
  });

  it('leaves alone savings set below, a cache hit, and a model its catalog has no price for', async () => {
    const usage = { ...response.usage, inputTokens: 1_000, cacheReadTokens: 800 };
    const observeOne = async (answer: GenerateResponse, catalog = defaultCatalog) => {
      const records: RequestRecord[] = [];
      const observed = observe(answering(answer), {
        observer: (e) => (e.type === 'request-end' ? records.push(e.record) : undefined),
        catalog,
      });
      return { trace: (await observed.generate(request)).trace, record: records[0] };
    };
    const below = { ...response, usage, trace: { ...response.trace, promptCacheSavedUsd: 0.5 } };
    expect((await observeOne(below)).record?.prompt_cache_saved_usd).toBe(0.5);
    const hit = { ...response, usage, costUsd: 0, trace: { attempts: [], cacheHit: true } };
    expect((await observeOne(hit)).trace.promptCacheSavedUsd).toBeUndefined();
    const unpriced = await observeOne({ ...response, usage }, createModelCatalog());
    expect(unpriced.trace.promptCacheSavedUsd).toBeUndefined();
    expect(unpriced.record?.prompt_cache_saved_usd).toBe(0);
  });

  it('reports the error event of a failed stream', async () => {
    const error = new LlmuxError({ kind: 'overloaded', message: 'Overloaded', status: 529 });
    const { observed, records } = setup([start, { type: 'error', error }]);
    const seen: StreamEvent[] = [];
    for await (const event of observed.stream(request)) seen.push(event);
    expect(seen.at(-1)).toEqual({ type: 'error', error });
    expect(records()[0]).toMatchObject({ error_kind: 'overloaded', error_message: 'Overloaded' });
  });

  it('reports a stream that ends without finishing as a server_error', async () => {
    const { observed, records } = setup([start, { type: 'text-delta', delta: 'cut' }]);
    for await (const _ of observed.stream(request)) {
      // drain
    }
    expect(records()[0]).toMatchObject({ error_kind: 'server_error', time_to_first_token_ms: 0 });
  });

  it('reports and rethrows a stream that throws instead of ending with an error event', async () => {
    const ends: LlmuxEvent[] = [];
    const broken = observe(
      {
        provider: 'anthropic',
        modelId: 'm',
        generate: () => Promise.reject(new Error('unused')),
        async *stream() {
          yield start;
          throw new Error('contract broken');
        },
      },
      { observer: (e) => e.type === 'request-end' && ends.push(e), ids: sequentialIds() },
    );
    await expect(async () => {
      for await (const _ of broken.stream(request)) {
        // drain
      }
    }).rejects.toThrow('contract broken');
    expect(ends).toEqual([
      {
        type: 'request-end',
        record: expect.objectContaining({
          error_kind: 'server_error',
          error_message: 'contract broken',
        }),
      },
    ]);
  });

  it('reports a stream collected by collectStream, which stops at finish, as a success', async () => {
    const { observed, records } = setup([start, { type: 'text-delta', delta: 'Hi' }, finish]);
    const collected = await collectStream(observed.stream(request));
    expect(textOf(collected)).toBe('Hi');
    expect(records()[0]).toMatchObject({ error_kind: null, finish_reason: 'stop' });
  });

  it('reports a stream the caller abandons as cancelled', async () => {
    const delta: StreamEvent = { type: 'text-delta', delta: 'Hi' };
    const { clock, observed, records } = setup([start, 10, delta, 1000, finish]);
    const consumed = (async () => {
      for await (const event of observed.stream(request)) if (event.type === 'text-delta') break;
    })();
    await clock.advance(10);
    await consumed;
    expect(records()).toEqual([
      expect.objectContaining({ error_kind: 'cancelled', time_to_first_token_ms: 10 }),
    ]);
  });

  it('keeps the provider and model id of the wrapped model', () => {
    const { observed } = setup();
    expect(observed).toMatchObject({ provider: 'anthropic', modelId: 'claude-haiku-4-5' });
  });

  it('passes countTokens through when the wrapped model has it, and only then', async () => {
    const { observed } = setup();
    expect(observed.countTokens).toBeUndefined();
    const counting: LanguageModel = {
      ...observed,
      countTokens: async (req) => req.messages.length,
    };
    const counted = observe(counting, { observer: () => {} });
    expect(await counted.countTokens?.(request)).toBe(1);
  });
});

/** A model that gives the same answer to every call, whole or streamed. */
function answering(answer: GenerateResponse): LanguageModel {
  return {
    provider: answer.provider,
    modelId: answer.model,
    generate: async () => answer,
    stream: () => responseToStream(answer),
  };
}
