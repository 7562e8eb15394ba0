import {
  collectStream,
  createManualClock,
  type GenerateRequest,
  reasoningOf,
  type StreamEvent,
  sequentialIds,
  textOf,
  toolCallsOf,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOllama } from './ollama-provider.js';

const clock = createManualClock(1_700_000_000_000);
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('ollama', { clock });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = (modelId = 'llama3.2') =>
  createOllama({ baseURL: sim.baseURL, clock, newId: sequentialIds('id') })(modelId);
const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Is the disk full?' }],
  ...extra,
});
const lastBody = () => sim.requests.at(-1)?.body as Record<string, unknown>;
const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};
const tools = [
  {
    name: 'df',
    description: 'Disk usage of a host',
    parameters: { type: 'object', properties: { host: { type: 'string' } } },
  },
];

describe('Ollama chat model over the simulator', () => {
  it('answers with text, usage from the counts, zero cost and Ollama timings', async () => {
    const response = await model().generate(ask());
    expect(response).toMatchObject({
      id: 'ollama-id-1',
      provider: 'ollama',
      model: 'llama3.2',
      content: [{ type: 'text', text: 'Echo: Is the disk full?' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 5, outputTokens: 6, cacheReadTokens: 0, reasoningTokens: 0 },
      costUsd: 0,
      warnings: [],
    });
    expect(response.providerMetadata?.ollama).toMatchObject({ evalDurationMs: 120 });
    expect(lastBody()).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Is the disk full?' }],
      stream: false,
    });
  });

  it('sends sampling settings and limits as options, and the Ollama provider options', async () => {
    await model().generate(
      ask({
        maxOutputTokens: 64,
        temperature: 0.2,
        topP: 0.9,
        topK: 20,
        seed: 3,
        stopSequences: ['END'],
        frequencyPenalty: 0.5,
        providerOptions: {
          ollama: { keepAlive: '10m', numCtx: 8192, options: { min_p: 0.05 }, mirostat: 1 },
        },
      }),
    );
    expect(lastBody()).toMatchObject({
      keep_alive: '10m',
      options: {
        num_predict: 64,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 20,
        seed: 3,
        stop: ['END'],
        frequency_penalty: 0.5,
        num_ctx: 8192,
        min_p: 0.05,
      },
    });
    const warned = await model().generate(ask({ providerOptions: { ollama: { mirostat: 1 } } }));
    expect(warned.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.ollama.mirostat',
        details: 'unknown option',
      },
    ]);
    await expect(
      model().generate(ask({ providerOptions: { ollama: { numCtx: -1 } } })),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('numCtx'),
    });
  });

  it('streams text deltas then one finish equal to generate', async () => {
    sim.configure({ chunkSize: 4 });
    const events = await drain(model().stream(ask()));
    expect(events[0]).toMatchObject({ type: 'start', provider: 'ollama', model: 'llama3.2' });
    const deltas = events.filter((e) => e.type === 'text-delta').map((e) => e.delta);
    expect(deltas).toEqual(['Echo', ': Is', ' the', ' dis', 'k fu', 'll?']);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 5, outputTokens: 6 },
      costUsd: 0,
    });
    expect(lastBody()).toMatchObject({ stream: true });
  });

  it('calls tools and takes their results back, with tool_name and tool_call_id', async () => {
    sim.configure({ reply: { toolCalls: [{ name: 'df', arguments: { host: 'db-1' } }] } });
    const first = await model().generate(ask({ tools }));
    expect(first.finishReason).toEqual({ unified: 'tool-calls', raw: 'stop' });
    const [call] = toolCallsOf(first);
    expect(call).toMatchObject({ toolName: 'df', arguments: { host: 'db-1' } });
    expect(lastBody().tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'df',
          description: 'Disk usage of a host',
          parameters: tools[0]!.parameters,
        },
      },
    ]);
    const streamed = await drain(model().stream(ask({ tools })));
    expect(streamed.filter((e) => e.type.startsWith('tool-call'))).toEqual([
      {
        type: 'tool-call-delta',
        toolCallId: expect.any(String),
        toolName: 'df',
        argumentsDelta: '{"host":"db-1"}',
      },
      {
        type: 'tool-call',
        toolCallId: expect.any(String),
        toolName: 'df',
        arguments: { host: 'db-1' },
      },
    ]);

    sim.configure({ reply: { text: 'db-1 is at 99%.' } });
    const second = await model().generate({
      messages: [
        ...ask().messages,
        { role: 'assistant', content: [call!] },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: call!.toolCallId,
              toolName: 'df',
              result: { used: 0.99 },
            },
          ],
        },
      ],
      tools,
    });
    expect(textOf(second)).toBe('db-1 is at 99%.');
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'Is the disk full?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: call!.toolCallId, function: { name: 'df', arguments: { host: 'db-1' } } },
        ],
      },
      { role: 'tool', content: '{"used":0.99}', tool_name: 'df', tool_call_id: call!.toolCallId },
    ]);
  });

  it('honours tool choice none by sending no tools, and warns of what it cannot choose', async () => {
    const none = await model().generate(ask({ tools, toolChoice: 'none' }));
    expect(lastBody()).not.toHaveProperty('tools');
    expect(none.warnings).toEqual([]);
    const required = await model().generate(
      ask({ tools, toolChoice: 'required', parallelToolCalls: false }),
    );
    expect(required.warnings.map((w) => w.type === 'unsupported-setting' && w.setting)).toEqual([
      'parallelToolCalls',
      'toolChoice',
    ]);
    expect(lastBody().tools).toHaveLength(1);
  });

  it('asks for JSON with format "json" or the schema itself', async () => {
    sim.configure({ reply: { text: '{"full":true}' } });
    const schema = { type: 'object', properties: { full: { type: 'boolean' } } };
    const response = await model().generate(ask({ responseFormat: { type: 'json', schema } }));
    expect(JSON.parse(textOf(response))).toEqual({ full: true });
    expect(lastBody().format).toEqual(schema);
    await model().generate(ask({ responseFormat: { type: 'json' } }));
    expect(lastBody().format).toBe('json');
  });

  it('sends base64 images beside the text, warns of detail, refuses URLs', async () => {
    const response = await model().generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/png', data: png },
              detail: 'low',
            },
          ],
        },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'What is this?', images: [png] },
    ]);
    expect(response.warnings).toMatchObject([{ setting: 'messages[0].content[1].detail' }]);
    await expect(
      model().generate({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }],
          },
        ],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('messages[0].content[0]'),
    });
  });

  it('thinks when asked: reasoning parts, deltas, estimated reasoning tokens', async () => {
    sim.configure({ reply: { text: 'Yes.', reasoning: 'The disk is at 99 percent.' } });
    const request = ask({ reasoning: { effort: 'high' } });
    const response = await model('qwen3').generate(request);
    expect(lastBody().think).toBe(true);
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'The disk is at 99 percent.', provider: 'ollama' },
      { type: 'text', text: 'Yes.' },
    ]);
    expect(response.usage.reasoningTokens).toBe(7);
    const events = await drain(model('qwen3').stream(request));
    expect(events.filter((e) => e.type === 'reasoning-delta').length).toBeGreaterThan(1);
    expect(reasoningOf(await collectStream(model('qwen3').stream(request)))).toBe(
      'The disk is at 99 percent.',
    );
    // The thinking goes back with the next turn; gpt-oss takes a level; none turns it off.
    await model('gpt-oss:20b').generate({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: response.content },
        ...request.messages,
      ],
    });
    expect(lastBody()).toMatchObject({ think: 'high' });
    expect((lastBody().messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: 'Yes.',
      thinking: 'The disk is at 99 percent.',
    });
    await model('qwen3').generate(ask({ reasoning: { effort: 'none' } }));
    expect(lastBody().think).toBe(false);
    const budget = await model('qwen3').generate(ask({ reasoning: { budgetTokens: 2048 } }));
    expect(budget.warnings).toMatchObject([{ setting: 'reasoning.budgetTokens' }]);
    await model('qwen3').generate(
      ask({ reasoning: { effort: 'low' }, providerOptions: { ollama: { think: 'medium' } } }),
    );
    expect(lastBody().think).toBe('medium');
  });

  it('gives log probabilities, per delta when streamed', async () => {
    const response = await model().generate(ask({ logprobs: { top: 2 } }));
    expect(lastBody()).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(response.logprobs?.map((t) => t.token).join('')).toBe(textOf(response));
    expect(response.logprobs?.[0]?.top).toHaveLength(2);
    const streamed = await collectStream(model().stream(ask({ logprobs: {} })));
    expect(streamed.logprobs?.map((t) => t.token).join('')).toBe(textOf(streamed));
  });

  it('reads re-chunked bodies and streams, split lines and characters included', async () => {
    const text = 'Résumé: 東京 is up 😀, café ☕ '.repeat(5);
    sim.configure({ reply: { text, reasoning: 'Pensée… 思考 🤔' }, chunkSize: 3 });
    sim.fault({ fault: { type: 'rechunk', maxBytes: 2 }, times: 2 });
    const request = ask({ reasoning: { effort: 'low' } });
    const generated = await model('qwen3').generate(request);
    const streamed = await collectStream(model('qwen3').stream(request));
    expect(sim.counters.faults).toBe(2);
    for (const response of [generated, streamed]) {
      expect(textOf(response)).toBe(text);
      expect(reasoningOf(response)).toBe('Pensée… 思考 🤔');
    }
    expect(streamed.usage).toEqual(generated.usage);
  });
});

describe('Ollama chat model failures', () => {
  it('maps error bodies to kinds, in generate and in stream', async () => {
    sim.fault({
      fault: {
        type: 'status',
        status: 404,
        message: 'model "llama9" not found, try pulling it first',
      },
      times: 2,
    });
    await expect(model('llama9').generate(ask())).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
      message: 'model "llama9" not found, try pulling it first',
      provider: 'ollama',
    });
    const events = await drain(model('llama9').stream(ask()));
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'not_found' }) },
    ]);
  });

  it('ends a stream whose server fails mid-answer with an error, after the text so far', async () => {
    sim.configure({ chunkSize: 2 });
    sim.fault({
      type: 'stream-error',
      afterFrames: 2,
      message: 'an error was encountered while running the model',
    });
    const events = await drain(model().stream(ask()));
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'server_error', message: 'an error was encountered while running the model' },
    });
  });

  it('fails a stream cut before its done line, and one with a line that is not JSON', async () => {
    sim.fault({ type: 'cut-stream', afterFrames: 1 });
    expect((await drain(model().stream(ask()))).at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'network' },
    });
    sim.fault({ type: 'malformed' });
    expect((await drain(model().stream(ask()))).at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'server_error', message: expect.stringContaining('not valid JSON') },
    });
  });

  it('stops at once when the caller aborts, generating or streaming', async () => {
    sim.fault({ fault: { type: 'hang' }, times: 1 });
    const controller = new AbortController();
    const pending = model().generate(ask({ signal: controller.signal }));
    // Once the call hangs at the server, not before it is sent.
    await vi.waitFor(() => expect(sim.counters.faults).toBe(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));

    sim.configure({ chunkSize: 2, chunkIntervalMs: 1_000 });
    const streaming = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of model().stream(ask({ signal: streaming.signal }))) {
      events.push(event);
      if (event.type === 'text-delta') streaming.abort();
    }
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(1);
    // Leaving the stream freed its connection: the server saw the client go.
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
  });

  it('times out a call past timeoutMs', async () => {
    sim.fault({ type: 'hang' });
    const slow = createOllama({ baseURL: sim.baseURL, timeoutMs: 50 })('llama3.2');
    await expect(slow.generate(ask())).rejects.toMatchObject({ kind: 'timeout' });
  });
});
