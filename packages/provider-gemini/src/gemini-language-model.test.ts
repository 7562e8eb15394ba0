import { GoogleGenAI } from '@google/genai';
import {
  defaultCatalog,
  type GenerateRequest,
  type StreamEvent,
  sequentialIds,
  toolCallsOf,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SKIP_SIGNATURE } from './convert-to-gemini-contents.js';
import { jsonFetch, sseFetch } from './fake-gemini-fetch.js';
import { createGemini } from './gemini-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('gemini');
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const gemini = (modelId = 'gemini-2.5-flash') =>
  createGemini({ apiKey: 'key', baseURL: sim.baseURL, ids: sequentialIds('call') })(modelId);

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Is the disk full?' }],
  ...extra,
});

const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

const bodyOf = (index = -1) => sim.requests.at(index)?.body as Record<string, unknown>;

describe('Gemini language model over the simulator', () => {
  it('sends JSON output, tool choice and provider options on the wire', async () => {
    const schema = { type: 'object', properties: { full: { type: 'boolean' } } };
    await gemini().generate(
      ask({
        responseFormat: { type: 'json', schema },
        tools: [{ name: 'df', parameters: { type: 'object' } }],
        toolChoice: { type: 'tool', toolName: 'df' },
        providerOptions: { gemini: { thinkingConfig: { thinkingBudget: 0 } } },
      }),
    );
    expect(bodyOf()).toMatchObject({
      generationConfig: {
        responseMimeType: 'application/json',
        responseJsonSchema: schema,
        thinkingConfig: { thinkingBudget: 0 },
      },
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['df'] } },
    });
  });

  it('sends a cache the caller made as it is, hint or not', async () => {
    const ai = new GoogleGenAI({ apiKey: 'key', httpOptions: { baseUrl: sim.baseURL } });
    const { name, usageMetadata } = await ai.caches.create({
      model: 'gemini-2.5-flash',
      config: { systemInstruction: 'Check the dashboards, then the logs.\n'.repeat(150) },
    });
    const response = await gemini().generate(
      ask({
        promptCache: { prefix: 'system' },
        providerOptions: { gemini: { cachedContent: name } },
      }),
    );
    expect(bodyOf()).toMatchObject({ cachedContent: name });
    expect(response.usage.cacheReadTokens).toBe(usageMetadata?.totalTokenCount);
    expect(response.providerMetadata?.gemini).not.toHaveProperty('contextCache');
  });

  it('puts warnings on the response and on the stream start', async () => {
    const request = ask({
      promptCache: { prefix: 'system' },
      providerOptions: { gemini: { nope: 1 } },
    });
    const response = await gemini().generate(request);
    expect(response.warnings.map((w) => w.type === 'unsupported-setting' && w.setting)).toEqual([
      'providerOptions.gemini.nope',
      'promptCache',
    ]);
    const [start] = await drain(gemini().stream(request));
    expect(start).toMatchObject({ type: 'start', warnings: response.warnings });
  });

  it('gives tool calls ids from the injected generator', async () => {
    sim.configure({ reply: { toolCalls: [{ name: 'df', arguments: { mount: '/' } }] } });
    const response = await gemini().generate(
      ask({ tools: [{ name: 'df', parameters: { type: 'object' } }] }),
    );
    expect(toolCallsOf(response)).toEqual([
      { type: 'tool-call', toolCallId: 'call-1', toolName: 'df', arguments: { mount: '/' } },
    ]);
  });

  it('replays tool calls to Gemini 3 with the signature stand-in', async () => {
    sim.configure({ reply: { text: 'ok' } });
    const response = await gemini('gemini-3-pro-preview').generate({
      messages: [
        { role: 'user', content: 'Check' },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'df', arguments: {} }],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'a', toolName: 'df', result: '90%' }],
        },
      ],
    });
    expect(JSON.stringify(bodyOf())).toContain(SKIP_SIGNATURE);
    expect(response.warnings).toContainEqual({
      type: 'other',
      message: expect.stringContaining('no thought signature'),
    });
  });

  it('prices the long-context tier of gemini-2.5-pro above 200k input tokens', async () => {
    const usage = {
      inputTokens: 300_000,
      outputTokens: 1_000,
      cacheReadTokens: 100_000,
      reasoningTokens: 400,
    };
    sim.configure({ reply: { text: 'long', usage } });
    const response = await gemini('gemini-2.5-pro').generate(ask());
    const pricing = defaultCatalog.get('gemini', 'gemini-2.5-pro')!.pricing;
    const long = pricing.longContext!;
    expect(long.thresholdTokens).toBe(200_000);
    const expected =
      (200_000 * long.input + 100_000 * (long.cacheRead ?? long.input) + 1_000 * long.output) /
      1_000_000;
    expect(response.usage).toMatchObject(usage);
    expect(response.costUsd).toBeCloseTo(expected, 12);
  });

  it('refuses a request that is not one without calling, in generate and stream', async () => {
    await expect(gemini().generate(undefined as never)).rejects.toMatchObject({
      kind: 'invalid_request',
      message: 'request.messages must be a non-empty array',
    });
    const events = await drain(gemini().stream({ messages: [] }));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'invalid_request' }) },
    ]);
    expect(sim.counters.requests).toBe(0);
  });

  it('cancels at once with an aborted signal, without calling the API', async () => {
    const signal = AbortSignal.abort();
    await expect(gemini().generate(ask({ signal }))).rejects.toMatchObject({ kind: 'cancelled' });
    const events = await drain(gemini().stream(ask({ signal })));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'cancelled' }) },
    ]);
    expect(sim.counters.requests).toBe(0);
  });

  it('frees the connection when the caller stops reading a stream', async () => {
    sim.configure({ reply: { text: 'y'.repeat(200) }, chunkSize: 4, chunkIntervalMs: 10 });
    for await (const event of gemini().stream(ask())) {
      if (event.type === 'text-delta') break;
    }
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0), { timeout: 2000 });
  });

  it('counts tokens of bare contents, or of the whole request with system and tools', async () => {
    const model = gemini();
    const bare = await model.countTokens!(ask());
    expect(bodyOf()).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Is the disk full?' }] }],
    });
    const whole = await model.countTokens!(
      ask({
        messages: [
          { role: 'system', content: 'You are an SRE assistant with a long system prompt.' },
          { role: 'user', content: 'Is the disk full?' },
        ],
        tools: [{ name: 'df', description: 'Disk usage', parameters: { type: 'object' } }],
      }),
    );
    expect(bodyOf()).toEqual({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ text: 'Is the disk full?' }] }],
        systemInstruction: {
          parts: [{ text: 'You are an SRE assistant with a long system prompt.' }],
        },
        tools: [
          {
            functionDeclarations: [
              { name: 'df', description: 'Disk usage', parametersJsonSchema: { type: 'object' } },
            ],
          },
        ],
      },
    });
    expect(whole).toBeGreaterThan(bare);
  });

  it('maps a count-tokens failure like any other', async () => {
    sim.fault({ type: 'status', status: 404, message: 'models/nope is not found' });
    await expect(gemini().countTokens!(ask())).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
    });
  });
});

describe('Gemini language model over recorded-shape bodies', () => {
  const blocked = {
    promptFeedback: { blockReason: 'SAFETY', safetyRatings: [] },
    usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'blocked-1',
  };
  const over = (fetch: typeof globalThis.fetch) =>
    createGemini({ apiKey: 'key', fetch })('gemini-2.5-flash');

  it('rejects a blocked prompt with content_filtered, streaming or not', async () => {
    await expect(over(jsonFetch(blocked).fetch).generate(ask())).rejects.toMatchObject({
      kind: 'content_filtered',
      retryable: false,
    });
    const events = await drain(over(sseFetch([blocked]).fetch).stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'error']);
    expect(events[1]).toMatchObject({ error: { kind: 'content_filtered' } });
  });

  it('ends a stream that stops before its finish reason with an error', async () => {
    const partial = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hal' }] } }],
      responseId: 'p',
    };
    const events = await drain(over(sseFetch([partial]).fetch).stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ error: { kind: 'server_error', retryable: true } });
  });
});
