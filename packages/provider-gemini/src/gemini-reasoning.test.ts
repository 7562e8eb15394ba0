import {
  collectStream,
  type GenerateRequest,
  reasoningOf,
  sequentialIds,
  textOf,
  toolCallsOf,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
const bodyOf = () => sim.requests.at(-1)?.body as Record<string, unknown>;
const tools = [{ name: 'df', parameters: { type: 'object', properties: {} } }];

describe('Gemini reasoning, logprobs and settings over the simulator', () => {
  it('asks for thoughts and answers with them as reasoning parts, streamed alike', async () => {
    sim.configure({ reply: { text: 'Yes.', reasoning: 'Check the usage.' }, chunkSize: 5 });
    const request = ask({ reasoning: { effort: 'medium' } });
    const response = await gemini().generate(request);
    expect(bodyOf()).toMatchObject({
      generationConfig: { thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Check the usage.', provider: 'gemini' },
      { type: 'text', text: 'Yes.' },
    ]);
    expect(response.usage.reasoningTokens).toBe(4);
    const streamed = await collectStream(gemini().stream(request));
    expect(streamed.content).toEqual(response.content);
  });

  it('keeps the thought signature of a Gemini 3 call and sends it back with the call', async () => {
    sim.configure({ reply: { toolCalls: [{ name: 'df', arguments: { path: '/' } }] } });
    const request = ask({ tools, reasoning: { effort: 'low' } });
    const first = await gemini('gemini-3-flash-preview').generate(request);
    expect(bodyOf()).toMatchObject({
      generationConfig: { thinkingConfig: { thinkingLevel: 'LOW', includeThoughts: true } },
    });
    expect(first.content[0]).toMatchObject({ type: 'reasoning', signature: expect.any(String) });
    const [call] = toolCallsOf(first);
    sim.configure({ reply: { text: 'It is 99% full.' } });
    const second = await gemini('gemini-3-flash-preview').generate({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: first.content },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: call!.toolCallId, toolName: 'df', result: '99%' },
          ],
        },
      ],
    });
    expect(textOf(second)).toBe('It is 99% full.');
    // The call went back signed with its own signature, so nothing was skipped or warned about.
    const sent = bodyOf().contents as Array<{ parts: Array<Record<string, unknown>> }>;
    expect(sent[1]?.parts[0]).toEqual({
      functionCall: { name: 'df', args: { path: '/' } },
      thoughtSignature: (first.content[0] as { signature: string }).signature,
    });
    expect(second.warnings).toEqual([]);
  });

  it('maps logprobs of a response and of each streamed piece', async () => {
    sim.configure({ reply: { text: 'The disk is full.' }, chunkSize: 4 });
    const request = ask({ logprobs: { top: 2 } });
    const response = await gemini().generate(request);
    expect(bodyOf()).toMatchObject({ generationConfig: { responseLogprobs: true, logprobs: 2 } });
    expect(response.logprobs?.map((t) => t.token).join('')).toBe('The disk is full.');
    expect(response.logprobs?.[0]?.top).toHaveLength(2);
    const streamed = await collectStream(gemini().stream(request));
    expect(streamed.logprobs?.map((t) => t.token).join('')).toBe('The disk is full.');
  });

  it('sends the tier and image detail, and warns for what Gemini lacks', async () => {
    const response = await gemini().generate(
      ask({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { kind: 'url', url: 'https://x/a.png' }, detail: 'high' },
            ],
          },
        ],
        serviceTier: 'flex',
        frequencyPenalty: 0.2,
        tools,
        parallelToolCalls: false,
      }),
    );
    expect(bodyOf()).toMatchObject({
      serviceTier: 'flex',
      generationConfig: { mediaResolution: 'MEDIA_RESOLUTION_HIGH' },
    });
    expect(response.warnings.map((w) => w.type === 'unsupported-setting' && w.setting)).toEqual([
      'parallelToolCalls',
      'frequencyPenalty',
    ]);
    expect(reasoningOf(response)).toBe('');
  });
});
