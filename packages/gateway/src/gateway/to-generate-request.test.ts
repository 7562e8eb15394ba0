import { describe, expect, it } from 'vitest';
import { createModelResolver } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';
import { type ChatRequestContext, toGenerateRequest } from './to-generate-request.js';

const context: ChatRequestContext = {
  tenant: 'acme',
  requestId: 'req-1',
  resolveModel: createModelResolver([
    { provider: 'anthropic', model: 'claude-haiku-4-5' },
    { provider: 'openai', model: 'gpt-5' },
  ]),
};

const user = { role: 'user', content: 'hi' };

const paramOf = (body: unknown, ctx: Partial<ChatRequestContext> = {}) => {
  try {
    toGenerateRequest(body, { ...context, ...ctx });
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFieldError);
    return (error as RequestFieldError).param;
  }
  throw new Error('expected a refusal');
};

describe('toGenerateRequest', () => {
  it('maps sampling, limits, format and metadata, and leaves the tenant to the API key', () => {
    const call = toGenerateRequest(
      {
        model: 'auto',
        messages: [{ role: 'developer', content: 'Be brief.' }, user],
        max_completion_tokens: 100,
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        seed: 7,
        stop: 'END',
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'r', schema: { type: 'object' } },
        },
        metadata: { task: 'classification', tags: 'a, b', tenant: 'evil' },
        user: 'u-1',
        stream: true,
        stream_options: { include_usage: true },
        store: true,
      },
      context,
    );
    expect(call).toMatchObject({ requestedModel: 'auto', stream: true, includeUsage: true });
    expect(call.request).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      seed: 7,
      stopSequences: ['END'],
      responseFormat: { type: 'json', name: 'r', schema: { type: 'object' } },
      metadata: {
        tenant: 'acme',
        requestId: 'req-1',
        task: 'classification',
        tags: ['a', 'b'],
        user: 'u-1',
      },
      // Stored with the completion by OpenAI: never llmux's tenant.
      providerOptions: { openai: { store: true, metadata: { tenant: 'evil' } } },
    });
    expect(call.request.route).toBeUndefined();
  });

  it('lets the steering headers win over metadata', () => {
    const { request } = toGenerateRequest(
      { model: 'auto', messages: [user], metadata: { task: 'chat', tags: ['x'] } },
      { ...context, taskHeader: 'code', tagsHeader: 'deploy,p1' },
    );
    expect(request.metadata).toMatchObject({ task: 'code', tags: ['deploy', 'p1'] });
  });

  it('pins a concrete model with a one-candidate route', () => {
    const { request } = toGenerateRequest({ model: 'gpt-5', messages: [user] }, context);
    expect(request.route).toEqual({
      reason: 'pinned by the request: model "openai/gpt-5"',
      candidates: [{ provider: 'openai', model: 'gpt-5', reason: 'pinned' }],
    });
  });

  it('maps images, tool calls and their results (consecutive results in one message)', () => {
    const { request } = toGenerateRequest(
      {
        model: 'auto',
        tools: [{ type: 'function', function: { name: 'lookup', description: 'd' } }],
        tool_choice: { type: 'function', function: { name: 'lookup' } },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
              { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } },
              { id: 'c2', type: 'function', function: { name: 'lookup', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'one' },
          { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'two' }] },
        ],
      },
      context,
    );
    expect(request.tools).toEqual([
      { name: 'lookup', description: 'd', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'lookup' });
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', arguments: { q: 1 } },
        { type: 'tool-call', toolCallId: 'c2', toolName: 'lookup', arguments: {} },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', result: 'one' },
        { type: 'tool-result', toolCallId: 'c2', toolName: 'lookup', result: 'two' },
      ],
    });
  });

  it('names the field of every refusal', () => {
    expect(paramOf('not an object')).toBeNull();
    expect(paramOf({ messages: [user] })).toBe('model');
    expect(paramOf({ model: 'auto', messages: [] })).toBe('messages');
    expect(paramOf({ model: 'auto', messages: [user], n: 2 })).toBe('n');
    expect(paramOf({ model: 'auto', messages: [user], max_tokens: 0 })).toBe('max_tokens');
    expect(paramOf({ model: 'auto', messages: [user], top_p: 2 })).toBe('top_p');
    expect(paramOf({ model: 'auto', messages: [user], stop: [1] })).toBe('stop');
    expect(paramOf({ model: 'auto', messages: [user], tools: [{ type: 'web' }] })).toBe(
      'tools[0].type',
    );
    expect(paramOf({ model: 'auto', messages: [user], tool_choice: 'always' })).toBe('tool_choice');
    expect(paramOf({ model: 'auto', messages: [user], response_format: { type: 'xml' } })).toBe(
      'response_format.type',
    );
    expect(paramOf({ model: 'auto', messages: [user], metadata: { tags: [1] } })).toBe(
      'metadata.tags',
    );
    expect(
      paramOf({ model: 'auto', messages: [{ role: 'user', content: [{ type: 'audio' }] }] }),
    ).toBe('messages[0].content[0].type');
    expect(
      paramOf({
        model: 'auto',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }],
          },
        ],
      }),
    ).toBe('messages[0].content[0].image_url.url');
    expect(
      paramOf({
        model: 'auto',
        messages: [
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{oops' } }],
          },
        ],
      }),
    ).toBe('messages[0].tool_calls[0].function.arguments');
    expect(paramOf({ model: 'claude-opus-9', messages: [user] })).toBe('model');
    expect(
      paramOf({
        model: 'auto',
        messages: [user],
        tools: [{ type: 'function', function: { name: 'f' } }],
        tool_choice: {
          type: 'allowed_tools',
          allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'g' } }] },
        },
      }),
    ).toBe('tool_choice.allowed_tools.tools');
    expect(paramOf({ model: 'auto', messages: [user], prompt_cache_key: 7 })).toBe(
      'prompt_cache_key',
    );
    expect(paramOf({ model: 'auto', messages: [user], prompt_cache_retention: '1h' })).toBe(
      'prompt_cache_retention',
    );
  });

  it("carries OpenAI's prompt-cache key and retention as the hint, the conversation so far its prefix", () => {
    const conversation = [
      { role: 'system', content: 'The runbook.' },
      user,
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'Is checkout down?' },
    ];
    const hinted = toGenerateRequest(
      {
        model: 'auto',
        messages: conversation,
        prompt_cache_key: 'oncall-runbook',
        prompt_cache_retention: '24h',
      },
      context,
    );
    expect(hinted.request.promptCache).toEqual({
      prefix: { messages: 2 },
      key: 'oncall-runbook',
      ttl: '1h',
    });
    const first = toGenerateRequest(
      { model: 'auto', messages: [conversation[0], user], prompt_cache_retention: 'in_memory' },
      context,
    );
    expect(first.request.promptCache).toEqual({ prefix: 'system', ttl: '5m' });
    expect(
      toGenerateRequest({ model: 'auto', messages: [user] }, context).request,
    ).not.toHaveProperty('promptCache');
  });
});
