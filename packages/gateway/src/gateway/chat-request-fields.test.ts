import type { GenerateRequest } from '@llmux/core';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionCreateParamsBase,
  ChatCompletionDeveloperMessageParam,
  ChatCompletionSystemMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { chatRequestFields, refusedChatRequestFields } from './chat-request-fields.js';
import { createModelResolver } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';
import {
  type ChatCall,
  type ChatRequestContext,
  toGenerateRequest,
} from './to-generate-request.js';

const context: ChatRequestContext = {
  tenant: 'acme',
  requestId: 'req-1',
  resolveModel: createModelResolver([{ provider: 'openai', model: 'gpt-5' }]),
};

/**
 * What one value of a field does: it shows in the core request (`request`) or in the call
 * (`call`), is refused naming `refused`, or is the default every provider has (`noop`, why).
 */
type Row =
  | { value: unknown; request: Partial<GenerateRequest>; also?: Record<string, unknown> }
  | { value: unknown; call: Partial<ChatCall>; also?: Record<string, unknown> }
  | { value: unknown; refused: string; also?: Record<string, unknown> }
  | { value: unknown; noop: string; also?: Record<string, unknown> };

const openai = (options: Record<string, unknown>) => ({ providerOptions: { openai: options } });
const user = { role: 'user', content: 'hi' };

/**
 * Every field of the OpenAI SDK's Chat Completions body (a new SDK field fails the typecheck
 * until it has rows), and `top_k`.
 */
const fields: Record<keyof ChatCompletionCreateParamsBase | 'top_k', Row[]> = {
  model: [
    { value: 'gpt-5', request: { route: expect.objectContaining({ reason: expect.any(String) }) } },
    { value: '', refused: 'model' },
  ],
  messages: [
    { value: [user, user], request: { messages: [user, user] as GenerateRequest['messages'] } },
    { value: [], refused: 'messages' },
  ],
  stream: [
    { value: true, call: { stream: true } },
    { value: 'yes', refused: 'stream' },
  ],
  stream_options: [
    { value: { include_usage: true }, also: { stream: true }, call: { includeUsage: true } },
    {
      value: { include_obfuscation: false },
      also: { stream: true },
      noop: 'llmux never pads chunks',
    },
    { value: { include_usage: true }, refused: 'stream_options' },
    { value: { usage: true }, also: { stream: true }, refused: 'stream_options.usage' },
  ],
  n: [
    { value: 1, noop: 'one choice is what llmux answers' },
    { value: 2, refused: 'n' },
  ],
  max_completion_tokens: [
    { value: 64, request: { maxOutputTokens: 64 } },
    { value: 0, refused: 'max_completion_tokens' },
  ],
  max_tokens: [
    { value: 32, request: { maxOutputTokens: 32 } },
    { value: 32, also: { max_completion_tokens: 64 }, refused: 'max_tokens' },
  ],
  temperature: [
    { value: 0.3, request: { temperature: 0.3 } },
    { value: 3, refused: 'temperature' },
  ],
  top_p: [
    { value: 0.5, request: { topP: 0.5 } },
    { value: -1, refused: 'top_p' },
  ],
  top_k: [
    { value: 40, request: { topK: 40 } },
    { value: 0.5, refused: 'top_k' },
  ],
  seed: [
    { value: 7, request: { seed: 7 } },
    { value: 1.5, refused: 'seed' },
  ],
  stop: [
    { value: 'END', request: { stopSequences: ['END'] } },
    { value: [1], refused: 'stop' },
  ],
  frequency_penalty: [
    { value: 0.5, request: { frequencyPenalty: 0.5 } },
    { value: 2.5, refused: 'frequency_penalty' },
  ],
  presence_penalty: [
    { value: -1, request: { presencePenalty: -1 } },
    { value: -3, refused: 'presence_penalty' },
  ],
  logprobs: [
    { value: true, request: { logprobs: {} } },
    { value: false, noop: 'no logprobs is what every provider answers' },
    { value: 'yes', refused: 'logprobs' },
  ],
  top_logprobs: [
    { value: 3, also: { logprobs: true }, request: { logprobs: { top: 3 } } },
    { value: 3, refused: 'top_logprobs' },
    { value: 21, also: { logprobs: true }, refused: 'top_logprobs' },
  ],
  parallel_tool_calls: [
    { value: false, request: { parallelToolCalls: false } },
    { value: 'no', refused: 'parallel_tool_calls' },
  ],
  reasoning_effort: [
    { value: 'minimal', request: { reasoning: { effort: 'minimal' } } },
    { value: 'xhigh', refused: 'reasoning_effort' },
  ],
  service_tier: [
    { value: 'flex', request: { serviceTier: 'flex' } },
    { value: 'fast', request: { serviceTier: 'priority' } },
    { value: 'scale', refused: 'service_tier' },
  ],
  response_format: [
    {
      value: { type: 'json_schema', json_schema: { name: 'r', schema: {}, strict: true } },
      request: { responseFormat: { type: 'json', name: 'r', schema: {}, strict: true } },
    },
    { value: { type: 'json_object' }, request: { responseFormat: { type: 'json' } } },
    { value: { type: 'json_object', schema: {} }, refused: 'response_format.schema' },
    {
      value: { type: 'json_schema', json_schema: { name: 'r', strict: 'yes' } },
      refused: 'response_format.json_schema.strict',
    },
    {
      value: { type: 'json_schema', json_schema: { name: 'r', schema_: {} } },
      refused: 'response_format.json_schema.schema_',
    },
  ],
  tools: [
    {
      value: [{ type: 'function', function: { name: 'f' } }],
      request: { tools: [{ name: 'f', parameters: { type: 'object', properties: {} } }] },
    },
    {
      value: [{ type: 'function', function: { name: 'f', strict: true } }],
      call: { warnings: [expect.objectContaining({ setting: 'tools[0].function.strict' })] },
    },
    { value: [{ type: 'custom', custom: { name: 'f' } }], refused: 'tools[0].type' },
    {
      value: [{ type: 'function', function: { name: 'f', args: {} } }],
      refused: 'tools[0].function.args',
    },
  ],
  tool_choice: [
    { value: 'required', request: { toolChoice: 'required' } },
    {
      value: {
        type: 'allowed_tools',
        allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'g' } }] },
      },
      also: {
        tools: [
          { type: 'function', function: { name: 'f' } },
          { type: 'function', function: { name: 'g' } },
        ],
      },
      request: {
        toolChoice: 'auto',
        tools: [{ name: 'g', parameters: { type: 'object', properties: {} } }],
      },
    },
    { value: { type: 'custom', custom: { name: 'f' } }, refused: 'tool_choice.type' },
  ],
  metadata: [
    {
      value: { task: 'code', tags: 'a,b' },
      request: { metadata: expect.objectContaining({ task: 'code', tags: ['a', 'b'] }) },
    },
    {
      value: { task: 'code', run: '42' },
      also: { store: true },
      request: openai({ store: true, metadata: { run: '42' } }),
    },
    { value: { run: '42' }, refused: 'metadata.run' },
  ],
  user: [
    {
      value: 'u-1',
      request: { metadata: expect.objectContaining({ user: 'u-1' }) },
    },
    { value: 7, refused: 'user' },
  ],
  prompt_cache_key: [
    { value: 'k', request: { promptCache: { prefix: 'system', key: 'k' } } },
    { value: 7, refused: 'prompt_cache_key' },
  ],
  prompt_cache_retention: [
    { value: '24h', request: { promptCache: { prefix: 'system', ttl: '1h' } } },
    { value: '1h', refused: 'prompt_cache_retention' },
  ],
  modalities: [
    { value: ['text'], noop: 'text is the only output' },
    { value: ['text', 'audio'], refused: 'modalities' },
  ],
  logit_bias: [
    { value: { '50256': -100 }, request: openai({ logitBias: { '50256': -100 } }) },
    { value: { '50256': 101 }, refused: 'logit_bias.50256' },
  ],
  store: [
    { value: true, request: openai({ store: true }) },
    { value: false, noop: 'nothing is stored is what every provider does' },
    { value: 'yes', refused: 'store' },
  ],
  safety_identifier: [
    { value: 'h-1', request: openai({ safetyIdentifier: 'h-1' }) },
    { value: 1, refused: 'safety_identifier' },
  ],
  verbosity: [
    { value: 'low', request: openai({ verbosity: 'low' }) },
    { value: 'terse', refused: 'verbosity' },
  ],
  prediction: [
    {
      value: { type: 'content', content: 'draft' },
      request: openai({ extraBody: { prediction: { type: 'content', content: 'draft' } } }),
    },
    { value: { type: 'diff' }, refused: 'prediction.type' },
  ],
  web_search_options: [
    {
      value: { search_context_size: 'low' },
      request: openai({ extraBody: { web_search_options: { search_context_size: 'low' } } }),
    },
    { value: { depth: 1 }, refused: 'web_search_options.depth' },
  ],
  prompt_cache_options: [
    {
      value: { ttl: '30m' },
      request: openai({ extraBody: { prompt_cache_options: { ttl: '30m' } } }),
    },
    { value: { ttl: '1h' }, refused: 'prompt_cache_options.ttl' },
  ],
  functions: [{ value: [{ name: 'f' }], refused: 'functions' }],
  function_call: [{ value: 'auto', refused: 'function_call' }],
  audio: [{ value: { voice: 'alloy', format: 'mp3' }, refused: 'audio' }],
  moderation: [{ value: { model: 'omni-moderation-latest' }, refused: 'moderation' }],
};

const base = { model: 'auto', messages: [user] };
const baseline = toGenerateRequest(base, context);

const refusalOf = (body: unknown): RequestFieldError | undefined => {
  try {
    toGenerateRequest(body, context);
  } catch (error) {
    if (error instanceof RequestFieldError) return error;
    throw error;
  }
  return undefined;
};

/** Asserts what a row says a body does. */
function check(row: Row, body: Record<string, unknown>) {
  if ('refused' in row) {
    const error = refusalOf(body);
    expect(error?.param).toBe(row.refused);
    expect(error?.status).toBe(400);
    expect(error?.message).toContain(`"${row.refused}"`);
    return;
  }
  const call = toGenerateRequest(body, context);
  const without = row.also ? toGenerateRequest({ ...base, ...row.also }, context) : baseline;
  if ('noop' in row) {
    expect(call).toEqual(without);
    return;
  }
  if ('request' in row) {
    expect(call.request).toMatchObject(row.request);
    // The field itself changed the request: it was not dropped.
    expect(call.request).not.toEqual(without.request);
  } else {
    expect(call).toMatchObject(row.call);
    expect(call).not.toEqual(without);
  }
}

describe('every Chat Completions field is mapped, forwarded or refused by name', () => {
  it('knows exactly the fields of the table', () => {
    const known = [...chatRequestFields, ...Object.keys(refusedChatRequestFields)];
    expect(known.sort()).toEqual(Object.keys(fields).sort());
  });

  const rows = Object.entries(fields).flatMap(([field, list]) =>
    list.map((row) => [field, row] as const),
  );
  it.each(rows)('%s: %j', (field, row) => {
    check(row, { ...base, ...row.also, [field]: row.value });
  });

  it('refuses a field it does not know, naming it, and takes null as left out', () => {
    expect(refusalOf({ ...base, temprature: 0.2 })?.param).toBe('temprature');
    expect(refusalOf({ ...base, functions: null, audio: null, max_tokens: null })).toBeUndefined();
  });
});

/** What one message does: it is this core message (after the prefix), or it is refused. */
type MessageRow = { value: Record<string, unknown> } & ({ message: unknown } | { refused: string });

const call = { id: 'c', type: 'function', function: { name: 'f', arguments: '{"q":1}' } };
const prefix = [user, { role: 'assistant', content: null, tool_calls: [call] }];
const text = (value: string) => ({ type: 'text', text: value });

/**
 * Every field of every message role the SDK types (a new one fails the typecheck until it has
 * rows): each row a third message, after a user turn and an assistant's tool call.
 */
const messageFields: {
  system: Record<keyof ChatCompletionSystemMessageParam, MessageRow[]>;
  developer: Record<keyof ChatCompletionDeveloperMessageParam, MessageRow[]>;
  user: Record<keyof ChatCompletionUserMessageParam, MessageRow[]>;
  assistant: Record<
    keyof ChatCompletionAssistantMessageParam | 'reasoning_content' | 'annotations',
    MessageRow[]
  >;
  tool: Record<keyof ChatCompletionToolMessageParam, MessageRow[]>;
} = {
  system: {
    role: [{ value: { role: 'system', content: 's' }, message: { role: 'system', content: 's' } }],
    content: [
      {
        value: { role: 'system', content: [text('a'), text('b')] },
        message: { role: 'system', content: 'ab' },
      },
      { value: { role: 'system', content: 7 }, refused: 'messages[2].content' },
    ],
    name: [{ value: { role: 'system', content: 's', name: 'ops' }, refused: 'messages[2].name' }],
  },
  developer: {
    role: [
      { value: { role: 'developer', content: 's' }, message: { role: 'system', content: 's' } },
    ],
    content: [
      {
        value: { role: 'developer', content: [{ type: 'text', text: 's', cache: 1 }] },
        refused: 'messages[2].content[0].cache',
      },
    ],
    name: [{ value: { role: 'developer', content: 's', name: 'x' }, refused: 'messages[2].name' }],
  },
  user: {
    role: [{ value: { role: 'user', content: 'u' }, message: { role: 'user', content: 'u' } }],
    content: [
      {
        value: {
          role: 'user',
          content: [
            text('see'),
            { type: 'image_url', image_url: { url: 'https://x/a.png', detail: 'low' } },
          ],
        },
        message: {
          role: 'user',
          content: [
            text('see'),
            { type: 'image', source: { kind: 'url', url: 'https://x/a.png' }, detail: 'low' },
          ],
        },
      },
      {
        value: {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://x/a.png', detail: 'original' } },
          ],
        },
        refused: 'messages[2].content[0].image_url.detail',
      },
      {
        value: { role: 'user', content: [{ type: 'input_audio', input_audio: {} }] },
        refused: 'messages[2].content[0].type',
      },
      {
        value: { role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] },
        refused: 'messages[2].content[0].type',
      },
      {
        value: {
          role: 'user',
          content: [{ type: 'text', text: 'u', prompt_cache_breakpoint: { mode: 'explicit' } }],
        },
        refused: 'messages[2].content[0].prompt_cache_breakpoint',
      },
    ],
    name: [{ value: { role: 'user', content: 'u', name: 'ann' }, refused: 'messages[2].name' }],
  },
  assistant: {
    role: [
      { value: { role: 'assistant', content: 'a' }, message: { role: 'assistant', content: 'a' } },
    ],
    content: [
      {
        value: { role: 'assistant', content: [text('a'), { type: 'refusal', refusal: 'no' }] },
        message: { role: 'assistant', content: 'ano' },
      },
    ],
    refusal: [
      {
        value: { role: 'assistant', content: null, refusal: 'no' },
        message: { role: 'assistant', content: 'no' },
      },
      { value: { role: 'assistant', refusal: 1 }, refused: 'messages[2].refusal' },
    ],
    reasoning_content: [
      {
        value: { role: 'assistant', content: 'a', reasoning_content: 'because' },
        message: {
          role: 'assistant',
          content: [{ type: 'reasoning', text: 'because' }, text('a')],
        },
      },
    ],
    annotations: [
      {
        value: { role: 'assistant', content: 'a', annotations: [] },
        message: { role: 'assistant', content: 'a' },
      },
    ],
    tool_calls: [
      {
        value: { role: 'assistant', content: 'a', tool_calls: [{ ...call, id: 'd' }] },
        message: {
          role: 'assistant',
          content: [
            text('a'),
            { type: 'tool-call', toolCallId: 'd', toolName: 'f', arguments: { q: 1 } },
          ],
        },
      },
      {
        value: {
          role: 'assistant',
          tool_calls: [{ id: 'd', type: 'custom', custom: { name: 'f', input: '' } }],
        },
        refused: 'messages[2].tool_calls[0].type',
      },
    ],
    function_call: [
      {
        value: { role: 'assistant', function_call: { name: 'f', arguments: '{}' } },
        refused: 'messages[2].function_call',
      },
    ],
    audio: [{ value: { role: 'assistant', audio: { id: 'a' } }, refused: 'messages[2].audio' }],
    name: [
      { value: { role: 'assistant', content: 'a', name: 'bot' }, refused: 'messages[2].name' },
    ],
  },
  tool: {
    role: [
      {
        value: { role: 'tool', tool_call_id: 'c', content: 'r' },
        message: {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c', toolName: 'f', result: 'r' }],
        },
      },
    ],
    content: [
      {
        value: { role: 'tool', tool_call_id: 'c', content: [{ type: 'image_url' }] },
        refused: 'messages[2].content[0].type',
      },
    ],
    tool_call_id: [
      {
        value: { role: 'tool', tool_call_id: 'x', content: 'r' },
        refused: 'messages[2].tool_call_id',
      },
    ],
  },
};

describe('every message field is mapped or refused by name', () => {
  const rows = Object.entries(messageFields).flatMap(([role, byField]) =>
    Object.entries(byField as Record<string, MessageRow[]>).flatMap(([field, list]) =>
      list.map((row) => [`${role}.${field}`, row] as const),
    ),
  );
  it.each(rows)('%s: %j', (_field, row) => {
    const body = { ...base, messages: [...prefix, row.value] };
    if ('refused' in row) {
      expect(refusalOf(body)?.param).toBe(row.refused);
      return;
    }
    const { messages } = toGenerateRequest(body, context).request;
    expect(messages).toHaveLength(3);
    expect(messages[2]).toEqual(row.message);
  });

  it('refuses a legacy function message and an unknown message field', () => {
    const at = (message: Record<string, unknown>) =>
      refusalOf({ ...base, messages: [user, message] })?.param;
    expect(at({ role: 'function', name: 'f', content: 'r' })).toBe('messages[1].role');
    expect(at({ role: 'user', content: 'u', contnet: 'x' })).toBe('messages[1].contnet');
  });
});
