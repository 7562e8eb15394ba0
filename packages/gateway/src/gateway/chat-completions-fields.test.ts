import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { sdkRefusal, startTestGateway } from './gateway-test-setup.js';

const question = { role: 'user' as const, content: 'Is the checkout service healthy?' };

/** OpenAI's own fields, as a client of OpenAI sends them. */
const openaiOnly = {
  logit_bias: { '1734': -100 },
  verbosity: 'low' as const,
  safety_identifier: 'user-hash-1',
  store: true,
  metadata: { task: 'chat', run: 'nightly-42' },
  user: 'oncall-7',
};

describe('Chat Completions fields through the gateway and the openai SDK', () => {
  it("forwards OpenAI's own fields to OpenAI, and warns of them when Claude answers", async () => {
    const { client, gateway } = await startTestGateway();
    const toOpenAI = await client.chat.completions
      .create({ model: 'gpt-5', messages: [question], ...openaiOnly })
      .withResponse();
    expect(toOpenAI.response.headers.get('x-llmux-warnings')).toBeNull();
    expect(gateway.stack.simulators.openai!.requests.at(-1)!.body).toMatchObject({
      logit_bias: { '1734': -100 },
      verbosity: 'low',
      safety_identifier: 'user-hash-1',
      store: true,
      metadata: { run: 'nightly-42' },
    });

    const toClaude = await client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: [question], ...openaiOnly })
      .withResponse();
    const warnings = ['logit_bias', 'store', 'metadata', 'safety_identifier', 'verbosity'].map(
      (field) => `${field}: only OpenAI models take it, and anthropic answered`,
    );
    expect((toClaude.data as unknown as { llmux: { warnings: string[] } }).llmux.warnings).toEqual(
      warnings,
    );
    const header = toClaude.response.headers.get('x-llmux-warnings')!;
    expect(header.split('; ').map(decodeURIComponent)).toEqual(warnings);
    const sent = JSON.stringify(gateway.stack.simulators.anthropic!.requests.at(-1)!.body);
    expect(sent).not.toContain('1734');
  });

  it('sets the warnings header of a stream from its start', async () => {
    const { client } = await startTestGateway();
    const { data, response } = await client.chat.completions
      .create({
        model: 'claude-haiku-4-5',
        messages: [question],
        stream: true,
        logit_bias: { '1734': -100 },
      })
      .withResponse();
    expect(decodeURIComponent(response.headers.get('x-llmux-warnings')!)).toBe(
      'logit_bias: only OpenAI models take it, and anthropic answered',
    );
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('checkout');
  });

  it('refuses what it cannot honour with a 400 naming the field', async () => {
    const { client } = await startTestGateway();
    const effort = await sdkRefusal(
      client.chat.completions.create({
        model: 'auto',
        messages: [question],
        reasoning_effort: 'xhigh',
      }),
    );
    expect(effort).toBeInstanceOf(OpenAI.BadRequestError);
    expect(effort.param).toBe('reasoning_effort');
    expect(effort.message).toContain('none, minimal, low, medium, high');
    const typo = await sdkRefusal(
      client.chat.completions.create({
        model: 'auto',
        messages: [question],
        temprature: 0,
      } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );
    expect(typo.param).toBe('temprature');
    const name = await sdkRefusal(
      client.chat.completions.create({
        model: 'auto',
        messages: [{ ...question, name: 'alice' }],
      }),
    );
    expect(name.param).toBe('messages[0].name');
    const audio = await sdkRefusal(
      client.chat.completions.create({
        model: 'gpt-5',
        messages: [question],
        modalities: ['text', 'audio'],
        audio: { voice: 'alloy', format: 'mp3' },
      }),
    );
    expect(audio.param).toBe('audio');
  });

  it('answers a strict JSON schema request pinned to OpenAI', async () => {
    const { client, gateway } = await startTestGateway();
    const schema = {
      type: 'object',
      properties: { healthy: { type: 'boolean' } },
      required: ['healthy'],
      additionalProperties: false,
    };
    const completion = await client.chat.completions.create({
      model: 'gpt-5',
      messages: [question],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'status', schema, strict: true },
      },
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(gateway.stack.simulators.openai!.requests.at(-1)!.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'status', schema } },
    });
  });
});
