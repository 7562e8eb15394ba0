import { describe, expect, it } from 'vitest';
import {
  checkModelId,
  checkProviderSettings,
  invalidSetting,
  missingApiKeyError,
} from './check-provider-settings.js';
import { LlmuxError } from './errors.js';

const thrown = (settings: unknown, fields?: readonly string[]): LlmuxError => {
  try {
    checkProviderSettings('createAcme', settings, fields);
  } catch (error) {
    expect(LlmuxError.isInstance(error)).toBe(true);
    return error as LlmuxError;
  }
  throw new Error('the settings were accepted');
};

describe('checkProviderSettings', () => {
  it('accepts good settings, and none', () => {
    expect(() =>
      checkProviderSettings('createAcme', {
        apiKey: 'k',
        baseURL: 'http://127.0.0.1:8080/v1',
        headers: { 'x-team': 'sre' },
        fetch: globalThis.fetch,
        timeoutMs: 30_000,
        catalog: 'not looked at',
      }),
    ).not.toThrow();
    expect(() => checkProviderSettings('createAcme', {})).not.toThrow();
    expect(() => checkProviderSettings('createAcme', { client: {} })).not.toThrow();
  });

  it.each([
    [null, '"settings": expected an object, got null'],
    [{ apiKey: '' }, '"apiKey": expected a non-empty string, got ""'],
    [{ apiKey: 42 }, '"apiKey": expected a non-empty string, got 42'],
    [{ baseURL: 'localhost:8000' }, '"baseURL": expected an http(s) URL, got "localhost:8000"'],
    [{ baseURL: 'not a url' }, '"baseURL": expected an http(s) URL, got "not a url"'],
    [
      { headers: { authorization: 'Bearer sk-secret', n: 1 } },
      '"headers": expected an object of string values, got object',
    ],
    [{ headers: 'x' }, '"headers": expected an object of string values, got "x"'],
    [{ fetch: 'no' }, '"fetch": expected a function, got "no"'],
    [{ timeoutMs: 0 }, '"timeoutMs": expected a positive number of milliseconds, got 0'],
    [{ timeoutMs: -1 }, '"timeoutMs": expected a positive number of milliseconds, got -1'],
    [
      { timeoutMs: Number.POSITIVE_INFINITY },
      '"timeoutMs": expected a positive number of milliseconds, got Infinity',
    ],
    [
      { client: {}, apiKey: 'k', baseURL: 'http://x' },
      '"client": it cannot be combined with apiKey, baseURL; set them on the client',
    ],
  ])('refuses %j, naming the field', (settings, message) => {
    expect(thrown(settings)).toMatchObject({
      kind: 'invalid_request',
      message: `Invalid createAcme setting ${message}`,
    });
  });

  it("lets a client exclude the provider's own connection settings too", () => {
    expect(thrown({ client: {}, apiVersion: 'v1' }, ['apiKey', 'apiVersion']).message).toBe(
      'Invalid createAcme setting "client": it cannot be combined with apiVersion; set them on the client',
    );
  });
});

describe('checkModelId', () => {
  it('takes any non-empty id and refuses a blank one or none', () => {
    expect(() => checkModelId('createAcme', 'acme-large-2026-01-01')).not.toThrow();
    for (const [modelId, got] of [
      ['', '""'],
      ['  ', '"  "'],
      [undefined, 'undefined'],
      [{ id: 'x' }, 'object'],
    ] as const) {
      expect(() => checkModelId('createAcme', modelId)).toThrow(
        expect.objectContaining({
          kind: 'invalid_request',
          message: `Invalid createAcme setting "modelId": expected a non-empty string, got ${got}`,
        }),
      );
    }
  });
});

describe('invalidSetting and missingApiKeyError', () => {
  it('name the factory, the field and where a key goes', () => {
    expect(invalidSetting('createAcme', 'region', 'eu or us', 'mars')).toMatchObject({
      kind: 'invalid_request',
      message: 'Invalid createAcme setting "region": expected eu or us, got "mars"',
    });
    expect(missingApiKeyError('createAcme', 'acme', ['ACME_API_KEY', 'ACME_KEY'])).toMatchObject({
      kind: 'authentication',
      retryable: false,
      provider: 'acme',
      message: 'createAcme needs an API key: pass "apiKey" or set ACME_API_KEY or ACME_KEY',
    });
  });
});
