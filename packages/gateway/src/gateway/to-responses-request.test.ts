import { describe, expect, it } from 'vitest';
import { createModelResolver } from './model-resolver.js';
import { RequestFieldError } from './request-field-error.js';
import type { ChatRequestContext } from './to-generate-request.js';
import { toResponsesRequest } from './to-responses-request.js';

const context: ChatRequestContext = {
  tenant: 'acme',
  requestId: 'req-1',
  resolveModel: createModelResolver([
    { provider: 'anthropic', model: 'claude-haiku-4-5' },
    { provider: 'openai', model: 'gpt-5' },
  ]),
};

const base = { model: 'auto', input: 'hi' };

const refusal = (body: Record<string, unknown>) => {
  try {
    toResponsesRequest({ ...base, ...body }, context);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFieldError);
    return { param: (error as RequestFieldError).param, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('toResponsesRequest', () => {
  it('maps every served field onto the core request', () => {
    const call = toResponsesRequest(
      {
        model: 'gpt-5',
        instructions: 'Be brief.',
        input: [{ role: 'user', content: 'Is checkout up?' }],
        tools: [
          {
            type: 'function',
            name: 'get_status',
            description: 'Status of a service',
            parameters: { type: 'object', properties: { service: { type: 'string' } } },
            strict: false,
          },
        ],
        tool_choice: { type: 'function', name: 'get_status' },
        parallel_tool_calls: false,
        max_output_tokens: 200,
        temperature: 0.2,
        top_p: 0.9,
        top_logprobs: 3,
        text: {
          format: { type: 'json_schema', name: 'status', schema: { type: 'object' }, strict: true },
          verbosity: 'low',
        },
        reasoning: { effort: 'low', summary: 'auto' },
        service_tier: 'fast',
        store: false,
        metadata: { task: 'code', tags: 'p1,deploy' },
        safety_identifier: 'user-42',
        prompt_cache_key: 'incident-7',
        stream: true,
      },
      { ...context, deadlineAt: 5000 },
    );
    expect(call.stream).toBe(true);
    expect(call.showReasoning).toBe(true);
    expect(call.logprobs).toBe(true);
    const { signal: _, ...request } = call.request;
    expect(request).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Is checkout up?' },
      ],
      tools: [
        {
          name: 'get_status',
          description: 'Status of a service',
          parameters: { type: 'object', properties: { service: { type: 'string' } } },
        },
      ],
      toolChoice: { type: 'tool', toolName: 'get_status' },
      parallelToolCalls: false,
      maxOutputTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      logprobs: { top: 3 },
      responseFormat: { type: 'json', name: 'status', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low' },
      serviceTier: 'priority',
      providerOptions: { openai: { verbosity: 'low' } },
      promptCache: { prefix: 'system', key: 'incident-7' },
      deadlineAt: 5000,
      metadata: {
        tenant: 'acme',
        requestId: 'req-1',
        task: 'code',
        tags: ['p1', 'deploy'],
        user: 'user-42',
      },
      route: {
        reason: 'pinned by the request: model "openai/gpt-5"',
        candidates: [{ provider: 'openai', model: 'gpt-5', reason: 'pinned' }],
      },
    });
    expect(call.settings).toMatchObject({
      instructions: 'Be brief.',
      parallel_tool_calls: false,
      reasoning: { effort: 'low', summary: 'auto' },
      service_tier: 'fast',
      store: false,
      tool_choice: { type: 'function', name: 'get_status' },
      tools: [{ type: 'function', name: 'get_status', strict: false }],
      text: { verbosity: 'low', format: { type: 'json_schema', name: 'status' } },
      safety_identifier: 'user-42',
      prompt_cache_key: 'incident-7',
    });
    expect(call.warnings('openai')).toEqual([]);
  });

  it('leaves the route to the router for auto, and repeats OpenAI defaults', () => {
    const call = toResponsesRequest(base, context);
    expect(call.request.route).toBeUndefined();
    expect(call.request.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(call.settings).toMatchObject({
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
      truncation: 'disabled',
      metadata: {},
    });
  });

  it('warns of what it answers without, once it knows who answered', () => {
    const call = toResponsesRequest(
      {
        ...base,
        store: true,
        include: ['reasoning.encrypted_content'],
        stream_options: { include_obfuscation: true },
        tools: [{ type: 'function', name: 'f', parameters: { type: 'object' }, strict: true }],
        text: { verbosity: 'high' },
      },
      context,
    );
    const settings = (provider: string) =>
      call.warnings(provider).map((w) => 'setting' in w && w.setting);
    expect(settings('anthropic')).toEqual([
      'store',
      'include',
      'stream_options.include_obfuscation',
      'tools.strict',
      'text.verbosity',
    ]);
    expect(settings('openai')).not.toContain('text.verbosity');
  });

  it.each([
    [{ previous_response_id: 'resp_1' }, 'previous_response_id', 'stateless'],
    [{ conversation: 'conv_1' }, 'conversation', 'stateless'],
    [{ background: true }, 'background', 'stateless'],
    [{ prompt: { id: 'pmpt_1' } }, 'prompt', 'template'],
    [{ context_management: [{ type: 'compaction' }] }, 'context_management', 'compaction'],
    [{ prompt_cache_options: { ttl: '12h' } }, 'prompt_cache_options', 'prompt_cache_key'],
    [{ moderation: { model: 'omni' } }, 'moderation', 'not supported'],
    [{ frequency_penalty: 1 }, 'frequency_penalty', 'not supported'],
    [{ truncation: 'auto' }, 'truncation', 'disabled'],
    [{ model: '' }, 'model', 'non-empty'],
    [{ model: 'gpt-4' }, 'model', 'not served'],
    [{ input: undefined }, 'input', 'required'],
    [{ input: [] }, 'input', 'non-empty'],
    [{ instructions: 7 }, 'instructions', 'string'],
    [{ stream: 'yes' }, 'stream', 'true or false'],
    [{ stream_options: { include_usage: true } }, 'stream_options.include_usage', 'not supported'],
    [{ temperature: 3 }, 'temperature', '0 to 2'],
    [{ top_p: -1 }, 'top_p', '0 to 1'],
    [{ max_output_tokens: 0 }, 'max_output_tokens', 'integer'],
    [{ top_logprobs: 21 }, 'top_logprobs', '0 to 20'],
    [{ parallel_tool_calls: 1 }, 'parallel_tool_calls', 'true or false'],
    [{ tools: [{ type: 'web_search' }] }, 'tools[0].type', 'built-in'],
    [{ tools: [{ type: 'file_search', vector_store_ids: [] }] }, 'tools[0].type', 'built-in'],
    [{ tools: [{ type: 'computer_use_preview' }] }, 'tools[0].type', 'built-in'],
    [{ tools: [{ type: 'function', name: 'a b' }] }, 'tools[0].name', 'letters'],
    [
      { tools: [{ type: 'function', name: 'f', defer_loading: true }] },
      'tools[0].defer_loading',
      'not supported',
    ],
    [
      { tools: [{ type: 'function', name: 'f', strict: 'yes' }] },
      'tools[0].strict',
      'true or false',
    ],
    [
      { tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } },
      'tool_choice',
      'function',
    ],
    [{ tool_choice: 'any' }, 'tool_choice', 'auto, none, required'],
    [{ text: { format: { type: 'xml' } } }, 'text.format.type', 'json_schema'],
    [{ text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema', 'required'],
    [{ text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name', 'letters'],
    [{ text: { verbosity: 'loud' } }, 'text.verbosity', 'low, medium, high'],
    [{ reasoning: { effort: 'max' } }, 'reasoning.effort', 'none, minimal, low, medium, high'],
    [{ reasoning: { summary: 'long' } }, 'reasoning.summary', 'auto, concise, detailed'],
    [{ reasoning: { mode: 'pro' } }, 'reasoning.mode', 'standard'],
    [{ service_tier: 'scale' }, 'service_tier', 'auto, default, flex, priority'],
    [{ include: ['everything'] }, 'include[0]', 'reasoning.encrypted_content'],
    [{ metadata: 'x' }, 'metadata', 'object'],
    [{ user: 1 }, 'user', 'string'],
    [{ safety_identifier: 1 }, 'safety_identifier', 'string'],
    [{ prompt_cache_retention: 'forever' }, 'prompt_cache_retention', 'in_memory'],
    [{ max_tool_calls: 0 }, 'max_tool_calls', 'integer'],
  ])('refuses %j naming %s', (body, param, words) => {
    const { param: named, message } = refusal(body);
    expect(named).toBe(param);
    expect(message).toContain(words);
  });
});
