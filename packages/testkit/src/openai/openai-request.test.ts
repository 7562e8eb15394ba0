import { describe, expect, it } from 'vitest';
import { SimulatorRequestError } from '../simulator/types.js';
import { isReasoningModel, parseOpenAIRequest } from './openai-request.js';

const user = (content: unknown) => ({ role: 'user', content });

const refusal = (body: unknown): SimulatorRequestError => {
  try {
    parseOpenAIRequest(body, {});
  } catch (error) {
    if (error instanceof SimulatorRequestError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
};

describe('parseOpenAIRequest', () => {
  it('reads a plain request', () => {
    const request = parseOpenAIRequest(
      {
        model: 'gpt-4.1',
        messages: [{ role: 'system', content: 'Be brief.' }, user('Hi there')],
        max_completion_tokens: 50,
      },
      { authorization: 'Bearer k' },
    );
    expect(request).toMatchObject({
      operation: 'generate',
      model: 'gpt-4.1',
      stream: false,
      includeUsage: false,
      lastUserText: 'Hi there',
      promptText: 'Be brief.\nHi there',
      toolNames: [],
      maxOutputTokens: 50,
      headers: { authorization: 'Bearer k' },
    });
  });

  it('reads text parts, tool calls, tool results, tools and the JSON schema into the prompt', () => {
    const request = parseOpenAIRequest(
      {
        model: 'gpt-4.1',
        messages: [
          user([
            { type: 'text', text: 'Weather in' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            { type: 'text', text: ' Paris?' },
          ]),
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'weather', description: 'Forecast', parameters: { type: 'object' } },
          },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'r', schema: { type: 'string' } },
        },
        max_tokens: 9,
      },
      {},
    );
    expect(request.lastUserText).toBe('Weather in Paris?');
    expect(request.toolNames).toEqual(['weather']);
    expect(request.maxOutputTokens).toBe(9);
    expect(request.promptText.split('\n')).toEqual([
      'Weather in Paris?',
      'weather',
      '{"city":"Paris"}',
      'sunny',
      'weather',
      'Forecast',
      '{"type":"object"}',
      '{"type":"string"}',
    ]);
  });

  it('streams with usage only when stream_options.include_usage is set', () => {
    const base = { model: 'gpt-4.1', messages: [user('x')], stream: true };
    expect(parseOpenAIRequest(base, {})).toMatchObject({ stream: true, includeUsage: false });
    expect(
      parseOpenAIRequest({ ...base, stream_options: { include_usage: true } }, {}),
    ).toMatchObject({ stream: true, includeUsage: true });
  });

  it.each([
    [[], `Invalid type for 'body': expected an object.`],
    [{ messages: [user('x')] }, 'you must provide a model parameter'],
    [{ model: 'gpt-4.1' }, `Missing required parameter: 'messages'.`],
    [
      { model: 'gpt-4.1', messages: [] },
      `Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    ],
    [
      { model: 'gpt-4.1', messages: 'hi' },
      `Invalid type for 'messages': expected an array, but got string.`,
    ],
    [
      { model: 'gpt-4.1', messages: [{ role: 'robot', content: 'x' }] },
      `Invalid value for 'messages[0].role': 'robot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
    ],
    [
      { model: 'gpt-4.1', messages: [user('x'), { role: 'tool', content: 'r' }] },
      `Missing required parameter: 'messages[1].tool_call_id'.`,
    ],
    [
      {
        model: 'gpt-4.1',
        messages: [user('x'), { role: 'tool', tool_call_id: 'call_9', content: 'r' }],
      },
      `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`,
    ],
    [
      { model: 'gpt-4.1', messages: [user('x')], tools: [{ type: 'function' }] },
      `Missing required parameter: 'tools[0].function'.`,
    ],
    [
      { model: 'gpt-4.1', messages: [user('x')], stream_options: { include_usage: true } },
      `The 'stream_options' parameter is only allowed when 'stream' is enabled.`,
    ],
  ])('refuses %j with the API wording', (body, message) => {
    const error = refusal(body);
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });

  it('refuses max_tokens on a reasoning model with the recorded message', () => {
    expect(refusal({ model: 'gpt-5-mini', messages: [user('x')], max_tokens: 10 }).message).toBe(
      // fixtures/recorded/openai/reasoning-model-legacy-parameter-error.json
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
  });

  it('refuses non-default sampling on a reasoning model', () => {
    expect(refusal({ model: 'o3', messages: [user('x')], temperature: 0.2 }).message).toBe(
      "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
    );
    expect(() =>
      parseOpenAIRequest({ model: 'o3', messages: [user('x')], temperature: 1 }, {}),
    ).not.toThrow();
  });

  it('tells reasoning models apart', () => {
    expect(
      ['o1', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-nano', 'gpt-6-astra'].every(isReasoningModel),
    ).toBe(true);
    expect(['gpt-4.1', 'gpt-4o', 'gpt-5-chat-latest'].some(isReasoningModel)).toBe(false);
  });
});
