import {
  type GenerateRequest,
  type ResponseFormat,
  type ToolChoice,
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
  tinyPng,
  warnsAbout,
} from './conformance-context.js';
import type { WireView } from './wire-view.js';

type Sampling = 'temperature' | 'topP' | 'topK' | 'seed' | 'stopSequences';

/** Values no adapter would send by default, so that one seen on the wire was asked for. */
const sampling: Array<[Sampling, number | string[]]> = [
  ['temperature', 0.3],
  ['topP', 0.7],
  ['topK', 17],
  ['seed', 42],
  ['stopSequences', ['END', 'HALT']],
];

const tools = [
  { name: 'df', parameters: { type: 'object', properties: {} } },
  { name: 'restart', parameters: { type: 'object', properties: { service: { type: 'string' } } } },
];

const toolChoices: Array<[string, ToolChoice, WireView['toolChoice']]> = [
  ['none', 'none', 'none'],
  ['required', 'required', 'required'],
  ['one named tool', { type: 'tool', toolName: 'restart' }, { toolName: 'restart' }],
];

const schema = {
  type: 'object',
  properties: { severity: { type: 'string', enum: ['low', 'high'] } },
  required: ['severity'],
};

const jsonFormats: Array<[string, ResponseFormat]> = [
  ['without a schema', { type: 'json' }],
  ['with a schema', { type: 'json', name: 'incident', schema }],
];

/** Every text part of every turn sent, joined: what the model reads as prose. */
const allText = (view: WireView) =>
  [view.system ?? '', ...view.messages.flatMap((message) => message.text)].join('\n');

/**
 * What the adapter put on the wire, read by the provider's wire reader: each setting reaches it
 * with its value (or comes back as a warning, in the response and at the stream's start), and the
 * system prompt, tool results and images travel in the provider's own structures, never pasted
 * into a user's text.
 */
export const wireCases = (ctx: ConformanceContext) =>
  defineCases('wire', (it) => {
    /** The request's warnings about `setting`, checked to be the same at the stream's start. */
    const warningsAbout = async (request: GenerateRequest, setting: string) => {
      const response = await ctx.model().generate(request);
      const sent = ctx.sent();
      const [start] = await drain(ctx.model().stream(request));
      expect(start).toMatchObject({ type: 'start', warnings: response.warnings });
      return { sent, warned: response.warnings.some((w) => warnsAbout(w, setting)) };
    };

    for (const [setting, value] of sampling) {
      it(`sends ${setting} ${JSON.stringify(value)} as it is, or warns that it cannot`, async () => {
        const { sent, warned } = await warningsAbout(ask('hi', { [setting]: value }), setting);
        if (!warned) expect(sent[setting], `${setting} on the wire`).toEqual(value);
      });
    }

    it('sends maxOutputTokens as it is', async () => {
      await ctx.model().generate(ask('hi', { maxOutputTokens: 321 }));
      expect(ctx.sent().maxOutputTokens).toBe(321);
    });

    it('sends the system prompt apart from the turns, and every turn in order', async () => {
      await ctx.model().generate({
        messages: [
          { role: 'system', content: 'You are an on-call assistant.' },
          { role: 'user', content: 'First question' },
          { role: 'assistant', content: 'First answer' },
          { role: 'user', content: 'Second question' },
        ],
        maxOutputTokens: 100,
      });
      const sent = ctx.sent();
      expect(sent.system).toBe('You are an on-call assistant.');
      expect(sent.messages.map((message) => [message.role, message.text.join('')])).toEqual([
        ['user', 'First question'],
        ['assistant', 'First answer'],
        ['user', 'Second question'],
      ]);
    });

    it('sends a tool result as a tool result, not as text', async () => {
      ctx.sim().configure({ reply: { toolCalls: [{ name: 'df', arguments: {} }] } });
      const request = ask('Is the disk full?', { tools });
      const [call] = toolCallsOf(await ctx.model().generate(request));
      ctx.sim().configure({ reply: { text: 'It is.' } });
      const second = await ctx.model().generate({
        ...request,
        messages: [
          ...request.messages,
          { role: 'assistant', content: [call!] },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: call!.toolCallId, toolName: 'df', result: 4173 },
            ],
          },
        ],
      });
      expect(textOf(second)).toBe('It is.');
      const sent = ctx.sent();
      const results = sent.messages.flatMap((message) => message.toolResults);
      expect(results).toHaveLength(1);
      expect(results[0]!.output).toContain('4173');
      if (results[0]!.toolCallId !== undefined) {
        expect(results[0]!.toolCallId).toBe(call!.toolCallId);
      } else {
        expect(results[0]!.toolName).toBe('df');
      }
      expect(sent.messages.flatMap((message) => message.toolCalls)).toMatchObject([{ name: 'df' }]);
      expect(allText(sent)).not.toContain('4173');
    });

    it(
      'sends an image as an image part, not as text',
      async () => {
        await ctx.model().generate(imageRequest());
        const sent = ctx.sent();
        expect(sent.messages).toHaveLength(1);
        // Some wire formats carry no media type (Ollama's base64 list): then the bytes alone.
        const [image, ...more] = sent.messages[0]!.images;
        expect(more).toEqual([]);
        expect(image).toEqual({
          data: tinyPng,
          ...(image?.mediaType !== undefined && { mediaType: 'image/png' }),
        });
        expect(sent.messages[0]!.text).toEqual(['What is in this screenshot?']);
        expect(allText(sent)).not.toContain(tinyPng);
      },
      { skip: ctx.lacks('images') },
    );

    for (const [label, toolChoice, expected] of toolChoices) {
      it(`sends tool choice ${label}, or warns that it cannot`, async () => {
        const { sent, warned } = await warningsAbout(
          ask('hi', { tools, toolChoice }),
          'toolChoice',
        );
        if (warned) return;
        // No tools at all is another way to honour `none`.
        if (toolChoice === 'none' && sent.tools.length === 0) return;
        expect(sent.toolChoice, 'tool choice on the wire').toEqual(expected);
      });
    }

    for (const [label, responseFormat] of jsonFormats) {
      it(
        `sends JSON output ${label}, or warns that it cannot`,
        async () => {
          const { sent, warned } = await warningsAbout(
            ask('Classify the incident', { responseFormat }),
            'responseFormat',
          );
          if (warned) return;
          const wanted = responseFormat.type === 'json' ? responseFormat.schema : undefined;
          // A provider without a JSON mode has the answer as the input of a tool it forces.
          const forced = sent.toolChoice;
          const tool =
            typeof forced === 'object'
              ? sent.tools.find((t) => t.name === forced.toolName)
              : undefined;
          if (tool) {
            if (wanted) expect(tool.parameters).toMatchObject(wanted);
            return;
          }
          expect(sent.responseFormat, 'JSON mode on the wire').toEqual(
            wanted ? { type: 'json', schema: wanted } : { type: 'json' },
          );
        },
        { skip: ctx.lacks('json') },
      );
    }
  });
