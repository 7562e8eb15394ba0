import { describe, expect, it } from 'vitest';
import { isSecretName, secretValues, withoutSecrets } from './secret-fields.js';

describe('isSecretName', () => {
  it.each([
    'apiKey',
    'api_key',
    'x-api-key',
    'x-goog-api-key',
    'api-key',
    'Authorization',
    'proxy-authorization',
    'Cookie',
    'accessToken',
    'auth_token',
    'token',
    'client_secret',
    'password',
    'credentials',
    'privateKey',
  ])('treats %s as a credential', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'max_tokens',
    'maxOutputTokens',
    'budget_tokens',
    'anthropic-beta',
    'OpenAI-Organization',
    'reasoning_effort',
    'prompt_cache_key',
    'user',
  ])('keeps %s, which can shape the answer', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('answers alike when asked again, and once it has seen too many names to remember', () => {
    for (let i = 0; i < 2000; i++) expect(isSecretName(`field_${i}`)).toBe(false);
    const long = `${'x'.repeat(100)}_secret`;
    for (const name of ['apiKey', 'max_tokens', 'api_key_2000', 'field_1', long, long]) {
      expect(isSecretName(name)).toBe(/api_?key|secret/i.test(name));
    }
  });
});

describe('withoutSecrets', () => {
  it('removes credential fields at any depth and keeps the rest', () => {
    const options = {
      openai: {
        apiKey: 'sk-secret-123456',
        headers: { Authorization: 'Bearer sk-secret-123456', 'anthropic-beta': 'x' },
        reasoning_effort: 'low',
        list: [{ token: 't-123456789', keep: 1 }],
      },
    };
    expect(withoutSecrets(options)).toEqual({
      openai: { headers: { 'anthropic-beta': 'x' }, reasoning_effort: 'low', list: [{ keep: 1 }] },
    });
    expect(options.openai.apiKey).toBe('sk-secret-123456');
  });
});

describe('secretValues', () => {
  it('collects the strings under credential fields, split on whitespace, long ones only', () => {
    expect(
      secretValues({
        a: {
          Authorization: 'Bearer sk-secret-123456',
          apiKey: 'short',
          other: 'not-a-secret-value',
        },
        b: [{ token: ['tok-123456789'] }],
      }),
    ).toEqual(['sk-secret-123456', 'tok-123456789']);
    expect(secretValues(undefined)).toEqual([]);
  });
});
