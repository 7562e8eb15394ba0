import { describe, expect, it } from 'vitest';
import { parseOpenAIChatOptions } from './openai-chat-options.js';

describe('parseOpenAIChatOptions', () => {
  it('turns known options into body fields by their wire names', () => {
    const parsed = parseOpenAIChatOptions(
      {
        openai: {
          reasoningEffort: 'low',
          parallelToolCalls: false,
          serviceTier: 'flex',
          store: true,
          metadata: { team: 'sre' },
          user: 'u1',
          safetyIdentifier: 'hash',
          frequencyPenalty: 0.5,
          presencePenalty: -0.5,
          logitBias: { '50256': -100 },
          verbosity: 'high',
          promptCacheRetention: '24h',
        },
      },
      'openai',
    );
    expect(parsed.body).toEqual({
      reasoning_effort: 'low',
      parallel_tool_calls: false,
      service_tier: 'flex',
      store: true,
      metadata: { team: 'sre' },
      user: 'u1',
      safety_identifier: 'hash',
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { '50256': -100 },
      verbosity: 'high',
      prompt_cache_retention: '24h',
    });
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps strictJsonSchema and extraBody for the adapter', () => {
    const parsed = parseOpenAIChatOptions(
      { openai: { strictJsonSchema: true, extraBody: { top_k: 40 } } },
      'openai',
    );
    expect(parsed).toMatchObject({ body: {}, strictJsonSchema: true, extraBody: { top_k: 40 } });
  });

  it('has defaults, and reads only its own namespace', () => {
    expect(parseOpenAIChatOptions({ anthropic: { thinking: true } }, 'openai')).toEqual({
      body: {},
      extraBody: {},
      warnings: [],
    });
    expect(parseOpenAIChatOptions(undefined, 'openai').body).toEqual({});
  });

  it('warns about unknown options and goes on without them', () => {
    expect(parseOpenAIChatOptions({ openai: { topK: 3 } }, 'openai').warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.openai.topK',
        details: 'unknown option',
      },
    ]);
  });

  it.each([
    [
      { reasoningEffort: 'extreme' },
      '"providerOptions.openai.reasoningEffort": expected one of none, minimal, low, medium, high, xhigh, max, got "extreme"',
    ],
    [{ store: 'yes' }, '"providerOptions.openai.store": expected a boolean, got "yes"'],
    [
      { metadata: { n: 1 } },
      '"providerOptions.openai.metadata": expected an object of strings, got object',
    ],
    [{ extraBody: [1] }, '"providerOptions.openai.extraBody": expected an object, got an array'],
    [
      { frequencyPenalty: Number.NaN },
      '"providerOptions.openai.frequencyPenalty": expected a number, got NaN',
    ],
  ])('refuses %j naming the option', (options, message) => {
    expect(() => parseOpenAIChatOptions({ openai: options }, 'openai')).toThrow(
      expect.objectContaining({ kind: 'invalid_request', message: `Invalid option ${message}` }),
    );
  });
});
