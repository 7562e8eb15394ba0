import {
  collectStream,
  type GenerateRequest,
  reasoningOf,
  type StreamEvent,
  textOf,
  toolCallsOf,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClaude } from './claude-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('anthropic');
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const model = (id = 'claude-sonnet-4-5') => createClaude({ baseURL: sim.baseURL, apiKey: 'k' })(id);
const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});
const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};
const tools = [{ name: 'df', parameters: { type: 'object', properties: {} } }];

describe('Claude reasoning and JSON against the Anthropic simulator', () => {
  it('answers with signed reasoning parts, streamed as deltas and a complete part', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' }, chunkSize: 6 });
    const request = ask('Why is the disk full?', { reasoning: { effort: 'low' } });
    const generated = await model().generate(request);
    expect(generated.content).toEqual([
      {
        type: 'reasoning',
        text: 'The disk holds logs.',
        signature: expect.any(String),
        provider: 'anthropic',
      },
      { type: 'text', text: 'Logs.' },
    ]);
    expect(generated.usage.reasoningTokens).toBe(5);
    expect(generated.providerMetadata).toBeUndefined();

    const events = await drain(model().stream(request));
    const deltas = events.filter((e) => e.type === 'reasoning-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('')).toBe(
      'The disk holds logs.',
    );
    const complete = events.findIndex((e) => e.type === 'reasoning');
    expect(events.findIndex((e) => e.type === 'text-delta')).toBeGreaterThan(complete);
    expect((await collectStream(model().stream(request))).content).toEqual(generated.content);
  });

  it('sends signed thinking back, so a tool conversation with thinking goes on', async () => {
    sim.configure({
      reply: { toolCalls: [{ name: 'df', arguments: {} }], reasoning: 'Check df first.' },
    });
    const request = ask('Why is the disk full?', { tools, reasoning: { budgetTokens: 2000 } });
    const first = await model().generate(request);
    const [call] = toolCallsOf(first);
    const result = {
      role: 'tool' as const,
      content: [
        {
          type: 'tool-result' as const,
          toolCallId: call!.toolCallId,
          toolName: 'df',
          result: '99%',
        },
      ],
    };
    sim.configure({ reply: { text: 'The disk is 99% full.', reasoning: 'df says 99%.' } });
    const second = await model().generate({
      ...request,
      messages: [...request.messages, { role: 'assistant', content: first.content }, result],
    });
    expect(textOf(second)).toBe('The disk is 99% full.');
    expect(reasoningOf(second)).toBe('df says 99%.');
    const sent = sim.requests.at(-1)?.body as { messages: Array<{ content: unknown[] }> };
    expect(sent.messages[1]?.content[0]).toMatchObject({
      type: 'thinking',
      thinking: 'Check df first.',
    });

    // Without its thinking the same turn is refused, as the API refuses it.
    await expect(
      model().generate({
        ...request,
        messages: [...request.messages, { role: 'assistant', content: [call!] }, result],
      }),
    ).rejects.toMatchObject({ kind: 'invalid_request', status: 400 });
  });

  it('thinks adaptively on Claude 5, with its summary shown', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' } });
    const response = await model('claude-opus-5').generate(
      ask('Why is the disk full?', { reasoning: { effort: 'high' } }),
    );
    expect(sim.requests.at(-1)?.body).toMatchObject({
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'high' },
    });
    expect(reasoningOf(response)).toBe('The disk holds logs.');
  });

  it('answers JSON without a schema through a forced tool, as text, streamed too', async () => {
    sim.configure({ reply: { toolCalls: [{ name: 'json', arguments: { severity: 'high' } }] } });
    const request = ask('Classify', { responseFormat: { type: 'json' } });
    const response = await model('claude-opus-5').generate(request);
    expect(JSON.parse(textOf(response))).toEqual({ severity: 'high' });
    expect(toolCallsOf(response)).toEqual([]);
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
    expect(response.warnings).toEqual([]);
    const streamed = await collectStream(model('claude-opus-5').stream(request));
    expect(JSON.parse(textOf(streamed))).toEqual({ severity: 'high' });
    expect(streamed.finishReason.unified).toBe('stop');
  });

  it('sends what it maps and warns for the rest, in the response and the stream start', async () => {
    const request = ask('hi', {
      tools,
      parallelToolCalls: false,
      serviceTier: 'priority',
      frequencyPenalty: 0.3,
      logprobs: {},
      metadata: { user: 'user-7' },
    });
    const response = await model().generate(request);
    expect(sim.requests.at(-1)?.body).toMatchObject({
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-7' },
    });
    const named = ['frequencyPenalty', 'logprobs', 'serviceTier'];
    expect(
      response.warnings.map((w) => (w.type === 'unsupported-setting' ? w.setting : '')),
    ).toEqual(named);
    const [start] = await drain(model().stream(request));
    expect(start).toMatchObject({ type: 'start', warnings: response.warnings });
  });
});
