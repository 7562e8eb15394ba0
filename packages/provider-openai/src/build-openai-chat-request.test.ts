import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildOpenAIChatRequest } from './build-openai-chat-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const build = (extra: Partial<GenerateRequest>, modelId = 'gpt-4.1', supportsJsonSchema = true) =>
  buildOpenAIChatRequest(ask(extra), { modelId, supportsJsonSchema });

describe('buildOpenAIChatRequest', () => {
  it('sends the model and messages, nothing unasked', () => {
    expect(build({})).toEqual({
      body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] },
      warnings: [],
    });
  });

  it('maps sampling, stop sequences, seed and max_completion_tokens', () => {
    const { body, warnings } = build({
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END', 'STOP'],
      seed: 7,
    });
    expect(body).toMatchObject({
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END', 'STOP'],
      seed: 7,
    });
    expect(body).not.toHaveProperty('max_tokens');
    expect(warnings).toEqual([]);
  });

  it('drops sampling settings a reasoning model refuses, with warnings', () => {
    const { body, warnings } = build(
      { temperature: 0, topP: 0.5, maxOutputTokens: 10 },
      'gpt-5-mini',
    );
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).toMatchObject({ max_completion_tokens: 10 });
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'temperature',
        details: 'gpt-5-mini takes only the default',
      },
      {
        type: 'unsupported-setting',
        setting: 'topP',
        details: 'gpt-5-mini takes only the default',
      },
    ]);
  });

  it('warns about top-k, which OpenAI does not have', () => {
    const { body, warnings } = build({ topK: 40 });
    expect(body).not.toHaveProperty('top_k');
    expect(warnings).toEqual([
      { type: 'unsupported-setting', setting: 'topK', details: 'OpenAI has no top-k' },
    ]);
  });

  it('asks for json_schema output where the model has it, strict only when told', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      build({ responseFormat: { type: 'json', schema, name: 'answer', description: 'An answer' } })
        .body.response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'An answer', schema, strict: false },
    });
    const strict = buildOpenAIChatRequest(
      ask({
        responseFormat: { type: 'json', schema },
        providerOptions: { openai: { strictJsonSchema: true } },
      }),
      { modelId: 'gpt-4.1', supportsJsonSchema: true },
    );
    expect(strict.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
  });

  it('falls back to json_object without a schema, or without json_schema support (warning)', () => {
    expect(build({ responseFormat: { type: 'json' } }).body.response_format).toEqual({
      type: 'json_object',
    });
    const unsupported = build(
      { responseFormat: { type: 'json', schema: { type: 'object' } } },
      'local',
      false,
    );
    expect(unsupported.body.response_format).toEqual({ type: 'json_object' });
    expect(unsupported.warnings).toMatchObject([
      { type: 'unsupported-setting', setting: 'responseFormat.schema' },
    ]);
    expect(build({ responseFormat: { type: 'text' } }).body).not.toHaveProperty('response_format');
  });

  it('sends a given prompt cache key as is, and the retention the lifetime needs', () => {
    const { body, warnings } = build({
      promptCache: { prefix: 'system', key: 'tenant-42', ttl: '1h' },
    });
    expect(body).toMatchObject({ prompt_cache_key: 'tenant-42', prompt_cache_retention: '24h' });
    expect(warnings).toEqual([]);
    const overridden = build({
      promptCache: { prefix: 'system', key: 'k', ttl: '1h' },
      providerOptions: { openai: { promptCacheRetention: 'in_memory' } },
    });
    expect(overridden.body.prompt_cache_retention).toBe('in_memory');
  });

  it('derives the prompt cache key from the hinted prefix and the tenant', () => {
    const keyOf = (question: string, tenant?: string, prefix: 'system' | 'tools' = 'system') =>
      build({
        messages: [
          { role: 'system', content: 'A long runbook.' },
          { role: 'user', content: question },
        ],
        tools: [{ name: 'df', parameters: { type: 'object' } }],
        promptCache: { prefix },
        metadata: { tenant },
      }).body.prompt_cache_key;
    const key = keyOf('one');
    expect(key).toMatch(/^llmux-[\w-]{22}$/);
    expect(keyOf('two')).toBe(key);
    expect(keyOf('one', 'tenant-a')).not.toBe(key);
    expect(keyOf('one', 'tenant-a')).toBe(keyOf('two', 'tenant-a'));
    expect(keyOf('one', undefined, 'tools')).not.toBe(key);
  });

  it('warns when the hinted prefix is empty', () => {
    const { body, warnings } = build({ promptCache: { prefix: 'system' } });
    expect(body).not.toHaveProperty('prompt_cache_key');
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'promptCache',
        details: 'the request has no prefix to cache',
      },
    ]);
  });

  it('adds tools, provider options and, last, extra body fields', () => {
    const { body } = build({
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: 'required',
      providerOptions: {
        openai: { reasoningEffort: 'minimal', extraBody: { top_k: 20, seed: 1 } },
      },
      seed: 5,
    });
    expect(body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      reasoning_effort: 'minimal',
      top_k: 20,
      seed: 1,
    });
  });

  it('never sends what is only for llmux: metadata, cache control, route', () => {
    const { body } = build({
      metadata: { tenant: 't', requestId: 'r' },
      cache: { ttlMs: 5 },
      route: { reason: 'x', candidates: [] },
    });
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxOutputTokens %d', (maxOutputTokens) => {
    expect(() => build({ maxOutputTokens })).toThrow('maxOutputTokens must be a positive integer');
  });

  it.each([undefined, null, 'hi'])('refuses a request that is not an object: %j', (request) => {
    expect(() =>
      buildOpenAIChatRequest(request as never, { modelId: 'gpt-4.1', supportsJsonSchema: true }),
    ).toThrow('The request must be an object');
  });

  it('refuses an unknown response format type', () => {
    expect(() => build({ responseFormat: { type: 'xml' } as never })).toThrow(
      'responseFormat.type must be text or json, got "xml"',
    );
  });
});
