import {
  collectStream,
  type GenerateRequest,
  type GenerateResponse,
  textOf,
  toolCallsOf,
} from '@llmux/core';
import { expect } from 'vitest';
import { defineCases } from './conformance-case.js';
import {
  ask,
  type ConformanceContext,
  drain,
  imageRequest,
  warnsAbout as names,
} from './conformance-context.js';

const tools = [{ name: 'df', parameters: { type: 'object', properties: {} } }];

type SettingCase = [
  setting: string,
  label: string,
  without: GenerateRequest,
  withIt: GenerateRequest,
];

/**
 * Each setting of the contract, as `[name, label, request without it, request with it]`: the two
 * requests differ only in that setting.
 */
const settings = (images: boolean): SettingCase[] => [
  ['frequencyPenalty', '0.5', ask('hi'), ask('hi', { frequencyPenalty: 0.5 })],
  ['presencePenalty', '0.5', ask('hi'), ask('hi', { presencePenalty: 0.5 })],
  ['reasoning', 'effort low', ask('hi'), ask('hi', { reasoning: { effort: 'low' } })],
  ['reasoning', 'budget 2048', ask('hi'), ask('hi', { reasoning: { budgetTokens: 2048 } })],
  [
    'parallelToolCalls',
    'false',
    ask('hi', { tools }),
    ask('hi', { tools, parallelToolCalls: false }),
  ],
  ['logprobs', 'top 2', ask('hi'), ask('hi', { logprobs: { top: 2 } })],
  ['serviceTier', 'flex', ask('hi'), ask('hi', { serviceTier: 'flex' })],
  ['serviceTier', 'default', ask('hi'), ask('hi', { serviceTier: 'default' })],
  [
    'responseFormat',
    'JSON without a schema',
    ask('hi'),
    ask('hi', { responseFormat: { type: 'json' } }),
  ],
  ['metadata.user', 'an end user', ask('hi'), ask('hi', { metadata: { user: 'user-7' } })],
  ...(images ? [['detail', 'low', imageRequest(), imageRequest('low')] as SettingCase] : []),
];

export const settingCases = (ctx: ConformanceContext) =>
  defineCases('settings', (it) => {
    const unsent = new Set(ctx.options.unsentSettings ?? []);
    const sentBody = async (request: GenerateRequest) => {
      const response = await ctx.model().generate(request);
      return { response, body: JSON.stringify(ctx.sim().requests.at(-1)?.body) };
    };

    for (const [setting, label, without, withIt] of settings(
      ctx.options.capabilities?.images ?? true,
    )) {
      it(`sends ${setting} (${label}) or warns that it cannot`, async () => {
        const before = await sentBody(without);
        const after = await sentBody(withIt);
        const warned = after.response.warnings.some((warning) => names(warning, setting));
        if (unsent.has(setting)) {
          expect(after.body).toBe(before.body);
          return;
        }
        expect({ sent: after.body !== before.body, warned }).not.toEqual({
          sent: false,
          warned: false,
        });
        const [start] = await drain(ctx.model().stream(withIt));
        expect(start).toMatchObject({ type: 'start', warnings: after.response.warnings });
      });
    }

    it('returns the logprobs it sends for, or warns that it cannot', async () => {
      const response = await ctx
        .model()
        .generate(ask('Is the disk full?', { logprobs: { top: 2 } }));
      if (response.warnings.some((warning) => names(warning, 'logprobs'))) return;
      expect(response.logprobs?.map((token) => token.token).join('')).toBe(textOf(response));
      const streamed = await collectStream(
        ctx.model().stream(ask('Is the disk full?', { logprobs: { top: 2 } })),
      );
      expect(streamed.logprobs?.map((token) => token.token).join('')).toBe(textOf(streamed));
    });

    it(
      'carries reasoning through a tool conversation, streamed as generated',
      async () => {
        ctx.sim().configure({
          reply: { toolCalls: [{ name: 'df', arguments: {} }], reasoning: 'Check the disk first.' },
        });
        const request = ask('Is the disk full?', {
          tools,
          reasoning: { effort: 'low' },
          maxOutputTokens: 8000,
        });
        const first = await ctx.model().generate(request);
        expect(first.warnings.filter((warning) => names(warning, 'reasoning'))).toEqual([]);
        expect(first.usage.reasoningTokens).toBeGreaterThan(0);
        for (const part of first.content) {
          if (part.type === 'reasoning') expect(part.provider).toBe(ctx.provider);
        }
        const streamed = await collectStream(ctx.model().stream(request));
        expect(streamed.content).toEqual(
          first.content.map((part) =>
            part.type === 'tool-call' ? { ...part, toolCallId: expect.any(String) } : part,
          ),
        );

        ctx.sim().configure({ reply: { text: 'The disk is 99% full.' } });
        const second = await ctx.model().generate(continued(request, first));
        expect(textOf(second)).toBe('The disk is 99% full.');
      },
      { skip: ctx.lacks('reasoning') },
    );

    it("takes another provider's reasoning in the conversation without failing", async () => {
      ctx.sim().configure({ reply: { text: 'Go on.' } });
      const response = await ctx.model().generate({
        ...ask('Is the disk full?'),
        messages: [
          { role: 'user', content: 'Is the disk full?' },
          {
            role: 'assistant',
            content: [
              {
                type: 'reasoning',
                text: 'Elsewhere.',
                signature: 'c2lnbmVk',
                provider: 'elsewhere',
              },
              { type: 'text', text: 'Let me look.' },
            ],
          },
          { role: 'user', content: 'Well?' },
        ],
      });
      expect(textOf(response)).toBe('Go on.');
      expect(JSON.stringify(ctx.sim().requests.at(-1)?.body)).not.toContain('c2lnbmVk');
    });
  });

/** The request, answered by `first` and its tool calls' results. */
const continued = (request: GenerateRequest, first: GenerateResponse): GenerateRequest => ({
  ...request,
  messages: [
    ...request.messages,
    { role: 'assistant', content: first.content },
    {
      role: 'tool',
      content: toolCallsOf(first).map((call) => ({
        type: 'tool-result' as const,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        result: '99%',
      })),
    },
  ],
});
