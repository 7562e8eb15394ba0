import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simLogprobs } from '../simulator/sim-logprobs.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';

let sim: Simulator;
let client: OpenAI;
beforeAll(async () => {
  sim = await startSimulator('openai');
  client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, maxRetries: 0, logLevel: 'off' });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const ask = (extra: Record<string, unknown> = {}) =>
  ({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: 'Hello simulator' }],
    ...extra,
  }) as ChatCompletionCreateParamsNonStreaming;
const tools = [{ type: 'function' as const, function: { name: 'df', parameters: {} } }];

const refusal = async (params: ChatCompletionCreateParamsNonStreaming) => {
  const error = await client.chat.completions.create(params).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return (error as InstanceType<typeof OpenAI.BadRequestError>).message;
};

describe('OpenAI simulator: the other settings, through the official SDK', () => {
  it('returns the same log probabilities for the same answer, with the top alternatives', async () => {
    const completion = await client.chat.completions.create(
      ask({ logprobs: true, top_logprobs: 2 }),
    );
    const tokens = completion.choices[0]?.logprobs?.content ?? [];
    expect(tokens.map((t) => t.token).join('')).toBe('Echo: Hello simulator');
    const expected = simLogprobs('Echo: Hello simulator', 2);
    expect(tokens.map((t) => t.logprob)).toEqual(expected.map((t) => t.logprob));
    expect(tokens[0]?.top_logprobs).toHaveLength(2);
    expect(tokens[0]?.bytes).toEqual(Array.from(Buffer.from(tokens[0]!.token)));
    const plain = await client.chat.completions.create(ask());
    expect(plain.choices[0]?.logprobs).toBeNull();
  });

  it('streams the log probabilities of each piece with it', async () => {
    sim.configure({ chunkSize: 4 });
    const stream = await client.chat.completions.create({
      ...ask({ logprobs: true }),
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) {
      const { delta, logprobs } = chunk.choices[0] ?? {};
      if (!delta?.content) continue;
      expect(logprobs?.content?.map((t) => t.token).join('')).toBe(delta.content);
    }
  });

  it('reports reasoning tokens when a reasoning model is told how hard to think', async () => {
    const thinking = await client.chat.completions.create(
      ask({ model: 'gpt-5-mini', reasoning_effort: 'low' }),
    );
    expect(thinking.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(thinking.usage?.completion_tokens).toBeGreaterThan(
      thinking.usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    );
    const none = await client.chat.completions.create(
      ask({ model: 'gpt-5.1', reasoning_effort: 'none' }),
    );
    expect(none.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  it('serves the tier asked for and takes the other settings', async () => {
    const completion = await client.chat.completions.create(
      ask({
        service_tier: 'flex',
        frequency_penalty: 0.5,
        presence_penalty: -0.5,
        parallel_tool_calls: false,
        tools,
        safety_identifier: 'user-7',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'https://x/a.png', detail: 'low' } }],
          },
        ],
      }),
    );
    expect(completion.service_tier).toBe('flex');
  });

  it.each([
    [
      ask({ model: 'gpt-5-mini', frequency_penalty: 1 }),
      "'frequency_penalty' is not supported with this model",
    ],
    [ask({ model: 'gpt-5-mini', logprobs: true }), "'logprobs' is not supported with this model"],
    [ask({ reasoning_effort: 'low' }), "'reasoning_effort' is not supported with this model"],
    [ask({ presence_penalty: 3 }), "Invalid 'presence_penalty': decimal above maximum value"],
    [ask({ top_logprobs: 3 }), "must be true when 'top_logprobs' is set"],
    [ask({ logprobs: true, top_logprobs: 21 }), "Invalid 'top_logprobs': integer out of range"],
    [
      ask({ parallel_tool_calls: false }),
      "'parallel_tool_calls' is only allowed when 'tools' are specified",
    ],
    [
      ask({ service_tier: 'fastest' }),
      "Invalid value: 'fastest'. Supported values are: 'auto', 'default'",
    ],
    [ask({ model: 'gpt-5-mini', reasoning_effort: 'max' }), "Invalid value: 'max'"],
    [ask({ safety_identifier: 'x'.repeat(65) }), "Invalid 'safety_identifier': string too long"],
    [
      ask({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'https://x/a.png', detail: 'max' } }],
          },
        ],
      }),
      "Invalid value: 'max'. Supported values are: 'auto', 'low', and 'high'.",
    ],
  ])('refuses what the API refuses (%#)', async (params, message) => {
    expect(await refusal(params)).toContain(message);
  });
});
