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
    [{ effort: 'extreme' }, 'providerOptions.acme.effort must be one of low, high, got "extreme"'],
    [{ store: 'yes' }, 'providerOptions.acme.store must be a boolean, got "yes"'],
    [{ user: 42 }, 'providerOptions.acme.user must be a string, got 42'],
    [{ penalty: Number.NaN }, 'providerOptions.acme.penalty must be a number, got null'],
    [
      { metadata: { n: 1 } },
      'providerOptions.acme.metadata must be an object of strings, got {"n":1}',
    ],
    [
      { modalities: 'TEXT' },
      'providerOptions.acme.modalities must be an array of strings, got "TEXT"',
    ],
    [{ extraBody: [1] }, 'providerOptions.acme.extraBody must be an object, got [1]'],
  ])('refuses %j, naming the option', (acme, message) => {
    expect(() => readProviderOptions({ acme }, 'acme', spec)).toThrow(
      expect.objectContaining({ kind: 'invalid_request', message }),
    );
  });

  it.each([[[]], ['on'], [null]])('refuses a namespace that is not an object: %j', (acme) => {
    expect(() => readProviderOptions({ acme } as never, 'acme', spec)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: `providerOptions.acme must be an object, got ${JSON.stringify(acme)}`,
      }),
    );
  });
});
