import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key.js';

const model = { provider: 'openai', modelId: 'gpt-5-mini' };
const base: GenerateRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2 + 2?' },
  ],
  temperature: 0,
  maxOutputTokens: 100,
  tools: [{ name: 'calc', parameters: { type: 'object', properties: { x: { type: 'number' } } } }],
  toolChoice: 'auto',
  responseFormat: { type: 'json', schema: { type: 'object' } },
  providerOptions: { openai: { reasoning_effort: 'low' } },
  metadata: { tenant: 'acme', task: 'chat', tags: ['a'] },
};
const key = (request: GenerateRequest, m = model) => cacheKey(m, request);

describe('cacheKey', () => {
  it('is `<tenant namespace>:<sha-256>` and never shows the tenant itself', () => {
    const k = key(base);
    expect(k).toMatch(/^t-[\w-]{22}:[0-9a-f]{64}$/);
    expect(k).not.toContain('acme');
    expect(key({ ...base, metadata: undefined })).toMatch(/^shared:[0-9a-f]{64}$/);
  });

  it('keeps its text: a change in what a key holds must bump its version', () => {
    expect(key(base)).toBe(
      't-giszrYfBSKCiClunzV68qm:4511787ffcd2009440c0466f7e563b3d0f368225a3dad9434b65cc5f47152795',
    );
  });

  it('gives a request changed in place since it was keyed a new key', () => {
    const request = structuredClone(base);
    const before = key(request);
    (request.messages[1] as { content: string }).content = 'What is 3 + 3?';
    expect(key(request)).not.toBe(before);
    (request.messages[1] as { content: string }).content = 'What is 2 + 2?';
    expect(key(request)).toBe(before);
  });

  it('keeps a `__proto__` field (as JSON.parse makes it) in the key like any other', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1}}') as GenerateRequest;
    expect(key({ ...base, ...parsed })).not.toBe(key(base));
  });

  it('is the same for the same request written in another key order', () => {
    const reordered: GenerateRequest = {
      metadata: { tags: ['a'], task: 'chat', tenant: 'acme' },
      providerOptions: { openai: { reasoning_effort: 'low' } },
      responseFormat: { schema: { type: 'object' }, type: 'json' },
      toolChoice: 'auto',
      tools: [
        { parameters: { properties: { x: { type: 'number' } }, type: 'object' }, name: 'calc' },
      ],
      maxOutputTokens: 100,
      temperature: 0,
      messages: [
        { content: 'Be brief.', role: 'system' },
        { content: 'What is 2 + 2?', role: 'user' },
      ],
    };
    expect(key(reordered)).toBe(key(base));
  });

  it.each<[string, GenerateRequest]>([
    ['tenant', { ...base, metadata: { ...base.metadata, tenant: 'globex' } }],
    ['no tenant', { ...base, metadata: { task: 'chat', tags: ['a'] } }],
    ['message', { ...base, messages: [{ role: 'user', content: 'What is 2 + 3?' }] }],
    ['temperature', { ...base, temperature: 0.5 }],
    ['maxOutputTokens', { ...base, maxOutputTokens: 101 }],
    ['topP', { ...base, topP: 0.9 }],
    ['seed', { ...base, seed: 7 }],
    ['stopSequences', { ...base, stopSequences: ['\n'] }],
    ['tools', { ...base, tools: [] }],
    ['toolChoice', { ...base, toolChoice: 'required' }],
    ['responseFormat', { ...base, responseFormat: { type: 'text' } }],
    ['providerOptions', { ...base, providerOptions: { openai: { reasoning_effort: 'high' } } }],
    ['task', { ...base, metadata: { ...base.metadata, task: 'code' } }],
    ['tags', { ...base, metadata: { ...base.metadata, tags: ['b'] } }],
    [
      'route',
      {
        ...base,
        route: { reason: 'r', candidates: [{ provider: 'gemini', model: 'g', reason: 'x' }] },
      },
    ],
  ])('differs when the %s differs', (_, other) => {
    expect(key(other)).not.toBe(key(base));
  });

  it('differs for another inner model', () => {
    expect(key(base, { provider: 'openai', modelId: 'gpt-5' })).not.toBe(key(base));
    expect(key(base, { provider: 'anthropic', modelId: 'gpt-5-mini' })).not.toBe(key(base));
  });

  it('ignores what does not change the answer: signal, ids, cache controls, prompt-cache hint, route reasons', () => {
    const same: GenerateRequest = {
      ...base,
      signal: new AbortController().signal,
      metadata: { ...base.metadata, requestId: 'req-1', user: 'u-9' },
      cache: { ttlMs: 5, noStore: true, force: true },
      promptCache: { prefix: 'system', key: 'k' },
    };
    expect(key(same)).toBe(key(base));
    const routed = (reason: string): GenerateRequest => ({
      ...base,
      route: { reason, candidates: [{ provider: 'openai', model: 'gpt-5', reason }] },
    });
    expect(key(routed('cheap first'))).toBe(key(routed('long context')));
  });

  it('leaves credentials out: the key is the same whatever the API key or auth header', () => {
    const withSecret = (secret: string): GenerateRequest => ({
      ...base,
      providerOptions: {
        openai: {
          reasoning_effort: 'low',
          apiKey: secret,
          headers: { Authorization: `Bearer ${secret}`, 'x-api-key': secret },
        },
      },
    });
    expect(key(withSecret('sk-one-1111111111'))).toBe(key(withSecret('sk-two-2222222222')));
    const withBetaHeader: GenerateRequest = {
      ...base,
      providerOptions: {
        openai: { reasoning_effort: 'low', headers: { 'anthropic-beta': 'feature-x' } },
      },
    };
    expect(key(withBetaHeader)).not.toBe(key(base));
  });

  it('leaves out top-level credential fields a JavaScript caller might add', () => {
    const withApiKey = { ...base, apiKey: 'sk-live-123456789' } as GenerateRequest;
    expect(key(withApiKey)).toBe(key(base));
  });

  it('keeps fields it does not know about, so they can only cause misses', () => {
    const withNew = { ...base, reasoning: { effort: 'high' } } as GenerateRequest;
    expect(key(withNew)).not.toBe(key(base));
  });

  it('throws invalid_request for a request that cannot be hashed exactly', () => {
    expect(() => key({ ...base, providerOptions: { openai: { n: 1n } } })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
  });
});
