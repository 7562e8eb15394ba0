import { collectStream, type GenerateRequest, type StreamEvent } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openaiChatSettings } from './openai-chat-settings.js';
import { createOpenAI } from './openai-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('openai');
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = (modelId = 'gpt-4.1') =>
  createOpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL })(modelId);
const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'What changed?' }],
  ...extra,
});
const lastBody = () => sim.requests.at(-1)?.body as Record<string, unknown>;
const settings = (warnings: Array<{ type: string; setting?: string }>) =>
  warnings.map((w) => w.setting);
const tools = [{ name: 'df', parameters: { type: 'object', properties: {} } }];
const collectEvents = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

describe('openaiChatSettings', () => {
  it('maps a reasoning budget to its nearest effort, and warns on a model that does not reason', () => {
    expect(
      openaiChatSettings(ask({ reasoning: { budgetTokens: 9000 } }), 'gpt-5', false).body,
    ).toEqual({
      reasoning_effort: 'medium',
    });
    const plain = openaiChatSettings(ask({ reasoning: { effort: 'high' } }), 'gpt-4.1', false);
    expect(plain.body).toEqual({});
    expect(settings(plain.warnings)).toEqual(['reasoning']);
    expect(
      openaiChatSettings(ask({ reasoning: { effort: 'none' } }), 'gpt-4.1', false).warnings,
    ).toEqual([]);
  });

  it('sends parallel_tool_calls only beside tools, where the API takes it', () => {
    expect(openaiChatSettings(ask({ parallelToolCalls: false }), 'gpt-4.1', false).body).toEqual(
      {},
    );
    expect(openaiChatSettings(ask({ parallelToolCalls: false }), 'gpt-4.1', true).body).toEqual({
      parallel_tool_calls: false,
    });
  });
});

describe('OpenAI chat settings over the simulator', () => {
  it('sends penalties, logprobs, the tier, the end user, image detail and parallel tool calls', async () => {
    const response = await model().generate(
      ask({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { kind: 'url', url: 'https://x/a.png' }, detail: 'low' },
            ],
          },
        ],
        frequencyPenalty: 0.4,
        presencePenalty: -0.2,
        logprobs: { top: 2 },
        serviceTier: 'flex',
        metadata: { user: 'user-7' },
        tools,
        parallelToolCalls: false,
      }),
    );
    expect(lastBody()).toMatchObject({
      frequency_penalty: 0.4,
      presence_penalty: -0.2,
      logprobs: true,
      top_logprobs: 2,
      service_tier: 'flex',
      safety_identifier: 'user-7',
      parallel_tool_calls: false,
      messages: [
        { content: [{ type: 'text' }, { image_url: { url: 'https://x/a.png', detail: 'low' } }] },
      ],
    });
    expect(response.warnings).toEqual([]);
    expect(response.providerMetadata?.openai).toMatchObject({ serviceTier: 'flex' });
  });

  it('maps logprobs of a response and of each streamed piece', async () => {
    sim.configure({ reply: { text: 'Echo: nothing changed' }, chunkSize: 4 });
    const request = ask({ logprobs: { top: 2 } });
    const generated = await model().generate(request);
    expect(generated.logprobs?.map((t) => t.token).join('')).toBe('Echo: nothing changed');
    expect(generated.logprobs?.[0]).toEqual({
      token: 'Echo',
      logprob: expect.any(Number),
      top: [
        { token: 'Echo', logprob: generated.logprobs?.[0]?.logprob },
        { token: 'Echo~1', logprob: expect.any(Number) },
      ],
    });
    for (const event of await collectEvents(model().stream(request))) {
      if (event.type !== 'text-delta') continue;
      expect(event.logprobs?.map((t) => t.token).join('')).toBe(event.delta);
    }
    const streamed = await collectStream(model().stream(request));
    expect(streamed.logprobs?.map((t) => t.token).join('')).toBe('Echo: nothing changed');
  });

  it('asks a reasoning model for an effort and reports its reasoning tokens', async () => {
    const response = await model('gpt-5-mini').generate(ask({ reasoning: { effort: 'low' } }));
    expect(lastBody()).toMatchObject({ reasoning_effort: 'low' });
    expect(response.usage.reasoningTokens).toBeGreaterThan(0);
  });

  it('warns, in the response and at the stream start, for what a reasoning model refuses', async () => {
    const request = ask({ temperature: 0.2, frequencyPenalty: 0.3, logprobs: {} });
    const response = await model('gpt-5-mini').generate(request);
    expect(lastBody()).not.toHaveProperty('frequency_penalty');
    expect(lastBody()).not.toHaveProperty('logprobs');
    expect(settings(response.warnings)).toEqual(['temperature', 'frequencyPenalty', 'logprobs']);
    const [start] = await collectEvents(model('gpt-5-mini').stream(request));
    expect(start).toMatchObject({ type: 'start', warnings: response.warnings });
  });

  it('makes a json_schema strict when the format asks, unless the provider option says otherwise', async () => {
    const schema = {
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
      additionalProperties: false,
    };
    await model().generate(ask({ responseFormat: { type: 'json', schema, strict: true } }));
    expect(lastBody()).toMatchObject({ response_format: { json_schema: { strict: true } } });
    await model().generate(
      ask({
        responseFormat: { type: 'json', schema, strict: true },
        providerOptions: { openai: { strictJsonSchema: false } },
      }),
    );
    expect(lastBody()).toMatchObject({ response_format: { json_schema: { strict: false } } });
  });

  it('leaves another provider’s reasoning out of the messages it sends', async () => {
    await model().generate(
      ask({
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'thinking', signature: 'sig', provider: 'anthropic' },
              { type: 'text', text: 'Hello' },
            ],
          },
          { role: 'user', content: 'Go on' },
        ],
      }),
    );
    expect((lastBody().messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'Hello' });
  });

  it('lets providerOptions.openai win over the core settings', async () => {
    await model('gpt-5-mini').generate(
      ask({
        reasoning: { effort: 'high' },
        serviceTier: 'flex',
        providerOptions: { openai: { reasoningEffort: 'minimal', serviceTier: 'priority' } },
      }),
    );
    expect(lastBody()).toMatchObject({ reasoning_effort: 'minimal', service_tier: 'priority' });
  });
});
