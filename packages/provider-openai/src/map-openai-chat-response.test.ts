import { readFileSync } from 'node:fs';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { mapOpenAIChatResponse } from './map-openai-chat-response.js';

const completion = (message: Partial<ChatCompletion.Choice['message']>, finish = 'stop') =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 0,
    model: 'gpt-4.1-2025-04-14',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  }) as ChatCompletion;

describe('mapOpenAIChatResponse', () => {
  it('maps the recorded text completion', () => {
    const recorded = JSON.parse(
      readFileSync(
        new URL('../../../fixtures/recorded/openai/openai-text.json', import.meta.url),
        'utf8',
      ),
    );
    const mapped = mapOpenAIChatResponse(recorded);
    expect(mapped).toMatchObject({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      model: 'gpt-4.1-nano-2025-04-14',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 16, outputTokens: 363, cacheReadTokens: 0, reasoningTokens: 0 },
      providerMetadata: { systemFingerprint: 'fp_de604bd877', serviceTier: 'default' },
    });
    expect(mapped.content).toHaveLength(1);
    expect(mapped.content[0]).toMatchObject({ type: 'text' });
    expect((mapped.content[0] as { text: string }).text.startsWith('**Holiday Name:**')).toBe(true);
  });

  it('maps tool calls with parsed arguments after any text', () => {
    const mapped = mapOpenAIChatResponse(
      completion(
        {
          content: 'Checking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'now', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
    );
    expect(mapped.content).toEqual([
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool-call',
        toolCallId: 'call_1',
        toolName: 'weather',
        arguments: { city: 'Paris' },
      },
      { type: 'tool-call', toolCallId: 'call_2', toolName: 'now', arguments: {} },
    ]);
    expect(mapped.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
  });

  it('keeps a refusal in the provider metadata', () => {
    const mapped = mapOpenAIChatResponse(completion({ refusal: "I can't help with that." }));
    expect(mapped.content).toEqual([]);
    expect(mapped.providerMetadata).toEqual({ refusal: "I can't help with that." });
  });

  it('maps a content-filter finish and survives a response without choices', () => {
    expect(
      mapOpenAIChatResponse(completion({ content: '' }, 'content_filter')).finishReason.unified,
    ).toBe('content-filter');
    const empty = mapOpenAIChatResponse({ ...completion({}), choices: [] });
    expect(empty).toMatchObject({ content: [], finishReason: { unified: 'other' } });
  });
});
