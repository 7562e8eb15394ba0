import { describe, expect, it } from 'vitest';
import { createModelResolver } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';
import type { ChatRequestContext } from './to-generate-request.js';
import { toCountTokensRequest, toMessagesRequest } from './to-messages-request.js';

const context: ChatRequestContext = {
  tenant: 'acme',
  requestId: 'req-1',
  resolveModel: createModelResolver([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]),
};

const ephemeral = { type: 'ephemeral' };
const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'get_status', input: { service: 'db' } };
const conversation = [
  { role: 'user', content: 'Is the db up?' },
  { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, toolUse] },
  {
    role: 'user',
    content: [
      {
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        content: [
          { type: 'text', text: 'up' },
          { type: 'text', text: 'p99 40ms' },
        ],
      },
      { type: 'text', text: 'And the cache?' },
    ],
  },
];
const body = (extra: Record<string, unknown> = {}) => ({
  model: 'auto',
  max_tokens: 100,
  messages: conversation,
  ...extra,
});
const hintOf = (extra: Record<string, unknown>) =>
  toMessagesRequest(body(extra), context).request.promptCache;

describe('toMessagesRequest', () => {
  it('splits a user turn into the tool results, named after their calls, and the rest', () => {
    const { request, stream } = toMessagesRequest(body({ system: 'Be brief.', stream: true }), {
      ...context,
      taskHeader: 'triage',
      tagsHeader: 'db, p1',
    });
    expect(stream).toBe(true);
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Is the db up?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            toolCallId: 'toolu_1',
            toolName: 'get_status',
            arguments: { service: 'db' },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'toolu_1',
            toolName: 'get_status',
            result: 'up\np99 40ms',
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And the cache?' }] },
    ]);
    expect(request.metadata).toEqual({
      tenant: 'acme',
      requestId: 'req-1',
      task: 'triage',
      tags: ['db', 'p1'],
    });
    expect(request.route).toBeUndefined();
  });

  it('marks the prefix up to the last cache_control breakpoint, by the core message that holds it', () => {
    const tool = { name: 't', input_schema: { type: 'object' }, cache_control: ephemeral };
    expect(hintOf({ tools: [tool] })).toEqual({ prefix: 'tools' });
    expect(
      hintOf({
        tools: [tool],
        system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      }),
    ).toEqual({ prefix: 'system', ttl: '1h' });
    const marked = (index: number) => {
      const messages = structuredClone(conversation) as Array<{
        content: Array<Record<string, unknown>>;
      }>;
      messages[2]!.content[index]!.cache_control = { type: 'ephemeral', ttl: '5m' };
      return hintOf({ messages });
    };
    // The tool result is the 3rd message of the conversation, the text after it the 4th.
    expect(marked(0)).toEqual({ prefix: { messages: 3 }, ttl: '5m' });
    expect(marked(1)).toEqual({ prefix: { messages: 4 }, ttl: '5m' });
    expect(hintOf({ cache_control: ephemeral })).toEqual({ prefix: { messages: 4 } });
    expect(hintOf({})).toBeUndefined();
  });

  it('maps tool_choice and disable_parallel_tool_use', () => {
    const choice = (tool_choice: unknown) => {
      const { toolChoice, parallelToolCalls } = toMessagesRequest(
        body({ tool_choice }),
        context,
      ).request;
      return { toolChoice, parallelToolCalls };
    };
    expect(choice({ type: 'any', disable_parallel_tool_use: true })).toEqual({
      toolChoice: 'required',
      parallelToolCalls: false,
    });
    expect(choice({ type: 'tool', name: 'get_status' })).toEqual({
      toolChoice: { type: 'tool', toolName: 'get_status' },
      parallelToolCalls: undefined,
    });
    expect(choice({ type: 'none' }).toolChoice).toBe('none');
  });

  it('takes output_config as reasoning effort and a strict JSON schema', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const { request } = toMessagesRequest(
      body({ output_config: { effort: 'low', format: { type: 'json_schema', schema } } }),
      context,
    );
    expect(request.reasoning).toEqual({ effort: 'low' });
    expect(request.responseFormat).toEqual({ type: 'json', schema, strict: true });
  });

  it('names the field it refuses', () => {
    const paramOf = (
      value: unknown,
      read: (body: unknown) => unknown = (b) => toMessagesRequest(b, context),
    ) => {
      try {
        read(value);
      } catch (error) {
        expect(error).toBeInstanceOf(RequestFieldError);
        return (error as RequestFieldError).param;
      }
      throw new Error('expected a refusal');
    };
    expect(paramOf(body({ max_tokens: 0 }))).toBe('max_tokens');
    expect(paramOf(body({ mcp_servers: [] }))).toBe('mcp_servers');
    expect(paramOf(body({ thinking: { type: 'between_tools' } }))).toBe('thinking.type');
    expect(
      paramOf(body({ thinking: { type: 'disabled' }, output_config: { effort: 'low' } })),
    ).toBe('output_config.effort');
    expect(
      paramOf(
        body({
          messages: [{ role: 'user', content: [{ type: 'text', text: 'x', citations: [{}] }] }],
        }),
      ),
    ).toBe('messages[0].content[0].citations');
    expect(
      paramOf(body({ messages: [{ role: 'assistant', content: [{ ...toolUse, input: 'x' }] }] })),
    ).toBe('messages[0].content[0].input');
    expect(
      paramOf(
        body({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: '' } },
              ],
            },
          ],
        }),
      ),
    ).toBe('messages[0].content[0].source.media_type');
    expect(
      paramOf({ ...body(), stream: true }, (value) => toCountTokensRequest(value, context)),
    ).toBe('max_tokens');
    expect(paramOf(body({ model: 'gpt-2' }))).toBe('model');
  });

  it('accepts what the API itself returned when a client sends it back', () => {
    const { request } = toMessagesRequest(
      body({
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Checking.', citations: null },
              { ...toolUse, caller: { type: 'direct' } },
            ],
          },
        ],
      }),
      context,
    );
    expect(request.messages[1]?.content).toHaveLength(2);
  });
});
