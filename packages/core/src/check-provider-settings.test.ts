import { describe, expect, it } from 'vitest';
import {
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
    [null, '"settings" must be an object'],
    [{ apiKey: '' }, '"apiKey" must be a non-empty string'],
    [{ apiKey: 42 }, '"apiKey" must be a non-empty string'],
    [{ baseURL: 'localhost:8000' }, '"baseURL" must be an http(s) URL, got "localhost:8000"'],
    [{ baseURL: 'not a url' }, '"baseURL" must be an http(s) URL, got "not a url"'],
    [{ headers: { a: 1 } }, '"headers" must be an object of string values'],
    [{ headers: 'x' }, '"headers" must be an object of string values'],
    [{ fetch: 'no' }, '"fetch" must be a function'],
    [{ timeoutMs: 0 }, '"timeoutMs" must be a positive number of milliseconds, got 0'],
    [{ timeoutMs: -1 }, '"timeoutMs" must be a positive number of milliseconds, got -1'],
    [
      { timeoutMs: Number.POSITIVE_INFINITY },
      '"timeoutMs" must be a positive number of milliseconds, got Infinity',
    ],
    [
      { client: {}, apiKey: 'k', baseURL: 'http://x' },
      '"client" cannot be combined with apiKey, baseURL; set them on the client',
    ],
  ])('refuses %j, naming the field', (settings, message) => {
    expect(thrown(settings)).toMatchObject({
      kind: 'invalid_request',
      message: `createAcme: ${message}`,
    });
  });

  it("lets a client exclude the provider's own connection settings too", () => {
    expect(thrown({ client: {}, apiVersion: 'v1' }, ['apiKey', 'apiVersion']).message).toBe(
      'createAcme: "client" cannot be combined with apiVersion; set them on the client',
    );
  });
});

describe('invalidSetting and missingApiKeyError', () => {
  it('name the factory, the field and where a key goes', () => {
    expect(invalidSetting('createAcme', 'region', 'must be eu or us')).toMatchObject({
      kind: 'invalid_request',
      message: 'createAcme: "region" must be eu or us',
    });
    expect(missingApiKeyError('createAcme', 'acme', ['ACME_API_KEY', 'ACME_KEY'])).toMatchObject({
      kind: 'authentication',
      retryable: false,
      provider: 'acme',
      message: 'createAcme needs an API key: pass "apiKey" or set ACME_API_KEY or ACME_KEY',
    });
  });
});
