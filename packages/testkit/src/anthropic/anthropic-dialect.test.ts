import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { approximateTokens } from '@llmux/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';

const recorded = fileURLToPath(
  new URL('../../../../fixtures/recorded/anthropic/', import.meta.url),
);
const recording = (name: string) => readFileSync(`${recorded}/${name}`, 'utf8');
const recordedLines = (name: string) =>
  recording(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Every key path of a JSON value (arrays by their first element), for comparing shapes. */
const keyPaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...keyPaths(child, `${prefix}.${key}`),
  ]);
};
/** Keys the API added for features the simulator does not model. */
const unmodelled = /inference_geo/;

let sim: Simulator;
let client: Anthropic;
beforeAll(async () => {
  sim = await startSimulator('anthropic');
  client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const base = { model: 'claude-haiku-4-5', max_tokens: 512 };
const weatherTool = {
  name: 'weather',
  description: 'Weather in a city',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } },
};

describe('the Anthropic simulator, through the official SDK', () => {
  it('answers a plain call in the shape of the recording', async () => {
    const { data, response } = await client.messages
      .create({ ...base, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi!' }] })
      .withResponse();
    expect(data).toMatchObject({
      id: expect.stringMatching(/^msg_01/),
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'Echo: Hi!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: approximateTokens('Be brief.\nHi!'), output_tokens: 3 },
    });
    const recordedPaths = keyPaths(JSON.parse(recording('anthropic-text.json')));
    expect(keyPaths(data)).toEqual(
      expect.arrayContaining(recordedPaths.filter((p) => !unmodelled.test(p))),
    );
    expect(response.headers.get('request-id')).toMatch(/^req_01/);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('streams the same event sequence as the recording', async () => {
    sim.configure({ chunkSize: 6 });
    const stream = await client.messages.create({
      ...base,
      stream: true,
      messages: [{ role: 'user', content: 'Hello there, how are you?' }],
    });
    const events = [];
    for await (const event of stream) events.push(event);
    // The SDK drops pings; the recording keeps them.
    const recordedTypes = recordedLines('anthropic-text.chunks.txt')
      .map((e) => e.type)
      .filter((type) => type !== 'ping');
    const types = events.map((e) => e.type);
    const collapse = (list: unknown[]) => list.filter((t, i) => t !== list[i - 1]);
    expect(collapse(types)).toEqual(collapse(recordedTypes));
    const text = events
      .map((e) =>
        e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '',
      )
      .join('');
    expect(text).toBe('Echo: Hello there, how are you?');
    expect(events.at(-2)).toMatchObject({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: approximateTokens(text) },
    });
    for (const [index, event] of events.entries()) {
      const line = recordedLines('anthropic-text.chunks.txt').find((r) => r.type === event.type);
      if (line && event.type !== 'message_start') {
        expect(keyPaths(event), `event ${index}`).toEqual(
          expect.arrayContaining(keyPaths(line).filter((p) => !unmodelled.test(p))),
        );
      }
    }
  });

  it('sends pings on the wire, as the API does', async () => {
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ ...base, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(body).toContain('event: ping\ndata: {"type":"ping"}\n\n');
    expect(body.startsWith('event: message_start\ndata: {')).toBe(true);
    expect(body.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('answers tool calls, plain and streamed, that collect to the same message', async () => {
    sim.configure({
      reply: {
        text: 'Let me check.',
        toolCalls: [{ name: 'weather', arguments: { location: 'San Francisco' } }],
      },
      chunkSize: 5,
    });
    const request = {
      ...base,
      tools: [weatherTool],
      messages: [{ role: 'user' as const, content: 'Weather in SF?' }],
    };
    const plain = await client.messages.create(request);
    expect(plain.stop_reason).toBe('tool_use');
    expect(plain.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_01/),
        name: 'weather',
        input: { location: 'San Francisco' },
      },
    ]);
    expect(keyPaths(plain.content[1])).toEqual(
      keyPaths(JSON.parse(recording('anthropic-json-other-tool.1.json')).content[0]),
    );

    const streamed = await client.messages.stream(request).finalMessage();
    const comparable = ({
      model,
      content,
      stop_reason,
      stop_sequence,
      usage,
    }: Anthropic.Message) => ({
      model,
      content: content.map((block) => ('id' in block ? { ...block, id: '' } : block)),
      stop_reason,
      stop_sequence,
      usage,
    });
    expect(comparable(streamed)).toEqual(comparable(plain));
    expect(sim.requests[0]!.toolNames).toEqual(['weather']);
  });

  it('streams tool arguments as input_json_delta fragments', async () => {
    sim.configure({
      reply: { toolCalls: [{ name: 'weather', arguments: { location: 'Paris' } }] },
      chunkSize: 5,
    });
    const stream = await client.messages.create({
      ...base,
      stream: true,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const fragments: string[] = [];
    let start: unknown;
    for await (const event of stream) {
      if (event.type === 'content_block_start') start = event.content_block;
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        fragments.push(event.delta.partial_json);
      }
    }
    expect(start).toMatchObject({ type: 'tool_use', name: 'weather', input: {} });
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(''))).toEqual({ location: 'Paris' });
  });

  it('reports cache usage: input_tokens without cached tokens, cache fields apart', async () => {
    sim.configure({
      reply: {
        text: 'ok',
        usage: { inputTokens: 1000, cacheReadTokens: 600, cacheWriteTokens: 300 },
      },
    });
    const message = await client.messages.create({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(message.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 0 },
    });
    const final = await client.messages
      .stream({ ...base, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(final.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 300,
    });
  });

  it('reports 1-hour cache writes and thinking tokens as newer models do', async () => {
    sim.configure({
      reply: {
        text: 'ok',
        usage: { cacheWriteTokens: 500, cacheWrite1hTokens: 200, reasoningTokens: 40 },
      },
    });
    const message = await client.messages.create({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(message.usage).toMatchObject({
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 200 },
      output_tokens_details: { thinking_tokens: 40 },
    });
    const final = await client.messages
      .stream({ ...base, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(final.usage.output_tokens_details).toEqual({ thinking_tokens: 40 });
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    sim.configure({ reply: { text: 'word '.repeat(100) } });
    const message = await client.messages.create({
      ...base,
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(5);
  });

  it('counts tokens at /v1/messages/count_tokens like the usage of a call', async () => {
    const request = {
      model: 'claude-haiku-4-5',
      system: 'Be brief.',
      messages: [{ role: 'user' as const, content: 'Count these words please' }],
    };
    const counted = await client.messages.countTokens(request);
    const message = await client.messages.create({ ...request, max_tokens: 100 });
    expect(counted).toEqual({ input_tokens: message.usage.input_tokens });
    expect(sim.requests[0]!.operation).toBe('count-tokens');
  });

  it('reads tool results and images into the prompt it counts', async () => {
    await client.messages.create({
      ...base,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny, 21C' },
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
            },
          ],
        },
      ],
    });
    const [request] = sim.requests;
    expect(request!.lastUserText).toContain('Sunny, 21C');
    expect(request!.promptText).toContain('weather {"location":"Oslo"}');
    expect(request!.promptText).toContain('"input_schema"');
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 10 }, 'model: Field required'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens: Field required'],
    [{ model: 'm', max_tokens: 10 }, 'messages: Field required'],
    [
      { model: 'm', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] },
      "messages.0.role: Input should be 'user', 'assistant' or 'system'",
    ],
  ])('refuses %j with a 400 saying %s', async (body, message) => {
    const error = await client.messages.create(body as never).then(
      () => expect.unreachable(),
      (e: APIError) => e,
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message },
      request_id: expect.stringMatching(/^req_/),
    });
  });
});
