import { describe, expect, it } from 'vitest';
import {
  optionChecks as is,
  type ProviderOptionsSpec,
  readProviderOptions,
} from './read-provider-options.js';

const spec: ProviderOptionsSpec = {
  effort: [is.oneOf('low', 'high'), 'one of low, high'],
  store: [is.boolean, 'a boolean'],
  user: [is.string, 'a string'],
  penalty: [is.number, 'a number'],
  metadata: [is.recordOf(is.string), 'an object of strings'],
  modalities: [is.arrayOf(is.string), 'an array of strings'],
  extraBody: [is.object, 'an object'],
};

describe('readProviderOptions', () => {
  it('reads the known options of its own namespace, as they are', () => {
    expect(
      readProviderOptions(
        {
          acme: {
            effort: 'high',
            store: false,
            user: 'u1',
            penalty: -0.5,
            metadata: { team: 'sre' },
            modalities: ['TEXT'],
            extraBody: { top_k: 3 },
            skipped: undefined,
          },
          other: { effort: 'none of my business' },
        },
        'acme',
        spec,
      ),
    ).toEqual({
      options: {
        effort: 'high',
        store: false,
        user: 'u1',
        penalty: -0.5,
        metadata: { team: 'sre' },
        modalities: ['TEXT'],
        extraBody: { top_k: 3 },
      },
      warnings: [],
    });
  });

  it('is empty without options', () => {
    expect(readProviderOptions(undefined, 'acme', spec)).toEqual({ options: {}, warnings: [] });
    expect(readProviderOptions({ other: {} }, 'acme', spec)).toEqual({ options: {}, warnings: [] });
  });

  it("warns about unknown options, an object's inherited names too, and goes on", () => {
    expect(readProviderOptions({ acme: { topK: 3, constructor: 1 } }, 'acme', spec)).toEqual({
      options: {},
      warnings: [
        {
          type: 'unsupported-setting',
          setting: 'providerOptions.acme.topK',
          details: 'unknown option',
        },
        {
          type: 'unsupported-setting',
          setting: 'providerOptions.acme.constructor',
          details: 'unknown option',
        },
      ],
    });
  });

  it.each([
    [
      { effort: 'extreme' },
      '"providerOptions.acme.effort": expected one of low, high, got "extreme"',
    ],
    [{ store: 'yes' }, '"providerOptions.acme.store": expected a boolean, got "yes"'],
    [{ user: 42 }, '"providerOptions.acme.user": expected a string, got 42'],
    [{ penalty: Number.NaN }, '"providerOptions.acme.penalty": expected a number, got NaN'],
    [
      { metadata: { token: 'sk-secret', n: 1 } },
      '"providerOptions.acme.metadata": expected an object of strings, got object',
    ],
    [
      { modalities: 'TEXT' },
      '"providerOptions.acme.modalities": expected an array of strings, got "TEXT"',
    ],
    [{ extraBody: [1] }, '"providerOptions.acme.extraBody": expected an object, got an array'],
  ])('refuses %j, naming the option and never showing an object', (acme, message) => {
    expect(() => readProviderOptions({ acme }, 'acme', spec)).toThrow(
      expect.objectContaining({ kind: 'invalid_request', message: `Invalid option ${message}` }),
    );
  });

  it.each([
    [[], 'an array'],
    ['on', '"on"'],
    [null, 'null'],
  ])('refuses a namespace that is not an object: %j', (acme, got) => {
    expect(() => readProviderOptions({ acme } as never, 'acme', spec)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: `Invalid option "providerOptions.acme": expected an object, got ${got}`,
      }),
    );
  });
});
