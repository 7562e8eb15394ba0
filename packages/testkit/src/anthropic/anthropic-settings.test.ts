import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simSignature } from '../simulator/sim-signature.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';

let sim: Simulator;
let client: Anthropic;
beforeAll(async () => {
  sim = await startSimulator('anthropic');
  client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const ask = (extra: Record<string, unknown> = {}) =>
  ({
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'Why is the disk full?' }],
    ...extra,
  }) as MessageCreateParamsNonStreaming;
const thinking = { type: 'enabled', budget_tokens: 2048 } as const;

const refusal = async (params: MessageCreateParamsNonStreaming) => {
  const error = await client.messages.create(params).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
    error: { message: string };
  };
  return body.error.message;
};

describe('Anthropic simulator: thinking and the other settings, through the official SDK', () => {
  it('thinks in a signed thinking block before the answer, counting its tokens, as recorded', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' } });
    const message = await client.messages.create(ask({ thinking }));
    expect(message.content).toEqual([
      {
        type: 'thinking',
        thinking: 'The disk holds logs.',
        signature: simSignature('The disk holds logs.'),
      },
      { type: 'text', text: 'Logs.' },
    ]);
    expect(message.usage).toMatchObject({ output_tokens_details: { thinking_tokens: 5 } });
    const recorded = JSON.parse(
      readFileSync(
        fileURLToPath(
          new URL(
            '../../../../fixtures/recorded/anthropic/anthropic-clear-thinking.1.json',
            import.meta.url,
          ),
        ),
        'utf8',
      ),
    );
    expect(Object.keys(message.content[0]!).sort()).toEqual(
      Object.keys(recorded.content[0]).sort(),
    );
  });

  it('streams thinking deltas, then the signature, before the text, as recorded', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' }, chunkSize: 8 });
    const events = [];
    for await (const event of await client.messages.create({
      ...ask({ thinking }),
      stream: true,
    })) {
      events.push(event);
    }
    const deltas = events.flatMap((e) => (e.type === 'content_block_delta' ? [e.delta] : []));
    expect(
      deltas
        .filter((d) => d.type === 'thinking_delta')
        .map((d) => d.thinking)
        .join(''),
    ).toBe('The disk holds logs.');
    const signatureAt = deltas.findIndex((d) => d.type === 'signature_delta');
    expect(deltas[signatureAt]).toEqual({
      type: 'signature_delta',
      signature: simSignature('The disk holds logs.'),
    });
    expect(deltas.findIndex((d) => d.type === 'text_delta')).toBeGreaterThan(signatureAt);
    const final = await client.messages.stream(ask({ thinking })).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'The disk holds logs.' });
  });

  it('omits adaptive thinking unless asked to summarise it, keeping the signature', async () => {
    const omitted = await client.messages.create(
      ask({ model: 'claude-opus-5', thinking: { type: 'adaptive' } }),
    );
    expect(omitted.content[0]).toEqual({
      type: 'thinking',
      thinking: '',
      signature: simSignature(''),
    });
    const shown = await client.messages.create(
      ask({
        model: 'claude-opus-5',
        thinking: { type: 'adaptive', display: 'summarized' },
        output_config: { effort: 'low' },
      }),
    );
    expect(shown.content[0]).toMatchObject({
      type: 'thinking',
      thinking: expect.stringContaining('disk'),
    });
  });

  it.each([
    [ask({ thinking: { type: 'enabled', budget_tokens: 500 } }), 'greater than or equal to 1024'],
    [
      ask({ thinking, max_tokens: 2048 }),
      '`max_tokens` must be greater than `thinking.budget_tokens`',
    ],
    [
      ask({ model: 'claude-opus-5', thinking }),
      '"thinking.type.enabled" is not supported for this model',
    ],
    [ask({ model: 'claude-3-5-haiku-20241022', thinking }), 'does not support thinking'],
    [
      ask({
        thinking,
        tools: [{ name: 't', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any' },
      }),
      'Thinking may not be enabled when tool_choice forces tool use',
    ],
    [
      ask({ thinking, temperature: 0.2 }),
      '`temperature` may only be set to 1 when thinking is enabled',
    ],
    [ask({ service_tier: 'priority' }), "service_tier: Input should be 'auto' or 'standard_only'"],
    [
      ask({ metadata: { user_id: 'u'.repeat(300) } }),
      'metadata.user_id: String should have at most 256',
    ],
    [ask({ output_config: { effort: 'extreme' } }), 'output_config.effort'],
  ])('refuses what the API refuses (%#)', async (params, message) => {
    expect(await refusal(params)).toContain(message);
  });

  it('takes the service tier, the end user and disable_parallel_tool_use', async () => {
    await client.messages.create(
      ask({
        service_tier: 'standard_only',
        metadata: { user_id: 'user-7' },
        tools: [{ name: 't', input_schema: { type: 'object' } }],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      }),
    );
    expect(sim.requests.at(-1)?.body).toMatchObject({ service_tier: 'standard_only' });
  });

  it('takes thinking back only with its own signature, and insists on it before a tool call', async () => {
    const tools = [{ name: 'df', input_schema: { type: 'object' as const } }];
    const signed = {
      type: 'thinking' as const,
      thinking: 'Check df.',
      signature: simSignature('Check df.'),
    };
    const call = { type: 'tool_use' as const, id: 'toolu_1', name: 'df', input: {} };
    const conversation = (first: object[]) =>
      ask({
        thinking,
        tools,
        messages: [
          { role: 'user', content: 'Why is the disk full?' },
          { role: 'assistant', content: [...first, call] },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '99%' }],
          },
        ],
      });
    await expect(client.messages.create(conversation([signed]))).resolves.toMatchObject({
      type: 'message',
    });
    expect(await refusal(conversation([{ ...signed, thinking: 'Check du.' }]))).toBe(
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
    expect(await refusal(conversation([]))).toContain(
      'Expected `thinking` or `redacted_thinking`, but found `tool_use`',
    );
  });
});
