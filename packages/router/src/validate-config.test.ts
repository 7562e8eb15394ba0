import { defaultCatalog, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { RouterConfig } from './rule-schema.js';
import { compile } from './test-support.js';

const candidates = ['anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'openai/gpt-5'];

/** The message of the error compiling `config` throws. */
const problemsOf = (config: unknown, env: Parameters<typeof compile>[1] = {}): string => {
  try {
    compile(config as RouterConfig, env);
  } catch (error) {
    expect(LlmuxError.isInstance(error)).toBe(true);
    expect((error as LlmuxError).kind).toBe('invalid_request');
    expect((error as LlmuxError).retryable).toBe(false);
    return (error as LlmuxError).message;
  }
  throw new Error('the config was accepted');
};

describe('validateRouterConfig', () => {
  it('names the bad field of a rule condition', () => {
    const rules = [
      { name: 'a', when: { inputTokens: { gt: 10 } }, route: ['openai'] },
      { name: 'b', when: { task: 'code' }, route: ['openai'] },
      { name: 'c', when: { inputTokens: { gt: -5 } }, route: ['openai'] },
    ];
    expect(problemsOf({ candidates, rules })).toContain(
      'rules[2].when.inputTokens.gt must be a positive number',
    );
  });

  it('lists every problem at once', () => {
    const message = problemsOf({
      candidates: ['anthropic/claude-sonnet-4-5', 'nope', 'acme/unknown-1'],
      rules: [
        { name: 'x', when: { inputTokenz: { gt: 1 } }, route: ['openai/gpt-5'] },
        { name: 'x', route: ['anthropic'] },
        { name: 'y' },
      ],
      strategy: 'fastest',
    });
    expect(message).toContain('candidates[1] must be "provider/model"');
    expect(message).toContain(
      'candidates[2] "acme/unknown-1" is not in the model catalog; add it with createModelCatalog()',
    );
    expect(message).toContain('rules[0].when.inputTokenz is not known');
    expect(message).toContain(
      'rules[0].route[0] "openai/gpt-5" is not a candidate nor the provider of one',
    );
    expect(message).toContain('rules[1].name "x" is already the name of rules[0]');
    expect(message).toContain('rules[2] must set route, strategy or reject');
    expect(message).toContain(
      'strategy must be one of priority, cheapest, lowest-latency, weighted, least-busy',
    );
  });

  it('names guards and rules by their own lists, so rules[0] is the first of the user', () => {
    const message = problemsOf({
      candidates: ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini'],
      guards: [{ name: 'guard', strategy: 'cheapest' }],
      rules: [
        { name: 'guard', strategy: 'cheapest' },
        { name: 'mine', when: { tokenz: 1 } },
      ],
    });
    expect(message).toContain('rules[0].name "guard" is already the name of guards[0]');
    expect(message).toContain('rules[1].when.tokenz is not known');
  });

  it('rejects a rule over a source the router was not given', () => {
    const message = problemsOf(
      {
        candidates,
        rules: [
          { name: 'down', when: { unhealthy: 'anthropic' }, route: ['openai'] },
          { name: 'busy', when: { headroom: { of: 'anthropic', below: 0.1 } }, route: ['openai'] },
          { name: 'broke', when: { budget: { monthly: { gte: 1 } } }, reject: 'budget_exceeded' },
          { name: 'fast', strategy: 'lowest-latency' },
        ],
        strategy: 'least-busy',
      },
      { health: false, headroom: false, spend: false },
    );
    expect(message).toContain(
      'rules[0].when.unhealthy needs a health source (createRouter({ health }))',
    );
    expect(message).toContain('rules[1].when.headroom needs a headroom source');
    expect(message).toContain('rules[2].when.budget needs a spend source');
    expect(message).toContain('rules[3].strategy needs a health source');
    expect(message).toContain('strategy needs a headroom source');
  });

  it('checks ranges, shares and kinds', () => {
    const message = problemsOf({
      candidates,
      rules: [
        { name: 'a', when: { inputTokens: { gt: 100, lt: 50 } }, route: ['openai'] },
        { name: 'b', when: { inputTokens: {} }, route: ['openai'] },
        { name: 'c', when: { budget: { monthly: { gte: -1 } } }, strategy: 'cheapest' },
        { name: 'd', when: { headroom: { of: 'openai', below: 2 } }, route: ['anthropic'] },
        { name: 'e', when: { needs: ['tools', 'telepathy'] }, route: ['openai'] },
        { name: 'f', reject: 'nope' },
        { name: 'g', reject: 'budget_exceeded', route: ['openai'] },
        { name: 'h', when: { tags: {} }, route: ['openai'] },
        { name: 'i', strategy: { type: 'weighted', weights: { 'openai/gpt-5': 0, 'x/y': 1 } } },
        { name: 'j', strategy: 'cheapest', exclusive: true },
        { name: 'k', route: [['openai', 7]] },
      ],
      healthPolicy: { maxErrorRate: 1.5, windowMs: 0 },
      minHeadroom: 'low',
    });
    expect(message).toContain('rules[0].when.inputTokens can never match');
    expect(message).toContain('rules[1].when.inputTokens needs at least one of gt, gte, lt, lte');
    expect(message).toContain('rules[2].when.budget.monthly.gte must be a non-negative number');
    expect(message).toContain('rules[3].when.headroom.below must be a number from 0 to 1');
    expect(message).toContain(
      'rules[4].when.needs "telepathy" is not one of tools, images, json, jsonSchema',
    );
    expect(message).toContain(
      'rules[5].reject must be one of budget_exceeded, permission, invalid_request',
    );
    expect(message).toContain('rules[6] cannot both reject and route');
    expect(message).toContain('rules[7].when.tags needs any or all');
    expect(message).toContain(
      'rules[8].strategy.weights["openai/gpt-5"] must be a positive number',
    );
    expect(message).toContain('rules[8].strategy.weights["x/y"] is not a candidate');
    expect(message).toContain('rules[9].exclusive needs a route to keep to');
    expect(message).toContain(
      'rules[10].route[0] must be a non-empty string or a non-empty list of them',
    );
    expect(message).toContain('healthPolicy.maxErrorRate must be a number from 0 to 1');
    expect(message).toContain('healthPolicy.windowMs must be a positive number');
    expect(message).toContain('minHeadroom must be a number from 0 to 1');
  });

  it('rejects what is not a config at all', () => {
    expect(problemsOf(null)).toContain('config must be an object');
    expect(problemsOf({ candidates: [] })).toContain('candidates must be a non-empty list');
    expect(problemsOf({ candidates, rules: {} })).toContain('rules must be a list');
    expect(problemsOf({ candidates, rule: [] })).toContain('config.rule is not known');
  });

  it('compiles targets, tiers and defaults', () => {
    const compiled = compile({
      candidates,
      rules: [
        {
          name: 'tiers',
          when: { task: ['code', 'reasoning'], tenant: 'acme' },
          route: ['anthropic/claude-haiku-4-5', ['anthropic', 'openai/gpt-5']],
          exclusive: true,
        },
      ],
    });
    const [rule] = compiled.rules;
    expect(rule?.route.map((tier) => tier.map((c) => c.id))).toEqual([
      ['anthropic/claude-haiku-4-5'],
      ['anthropic/claude-sonnet-4-5', 'openai/gpt-5'],
    ]);
    expect(rule?.conditions).toEqual([
      { kind: 'tenant', tenants: ['acme'] },
      { kind: 'task', tasks: ['code', 'reasoning'] },
    ]);
    expect(compiled.strategy).toEqual({ type: 'priority' });
    expect(compiled.healthPolicy).toEqual({
      windowMs: 60_000,
      maxErrorRate: 0.5,
      minSamples: 10,
      maxLatencyMs: undefined,
      probeAfterMs: 30_000,
    });
  });

  it('finds candidates in the catalog it is given, dated snapshots included', () => {
    const compiled = compile({ candidates: ['acme/text-only', 'openai/gpt-5-2025-08-07'] });
    expect(compiled.candidates.map((c) => [c.provider, c.model, c.info.contextWindow])).toEqual([
      ['acme', 'text-only', 8_000],
      ['openai', 'gpt-5-2025-08-07', 400_000],
    ]);
    expect(problemsOf({ candidates: ['acme/text-only'] }, { catalog: defaultCatalog })).toContain(
      'candidates[0] "acme/text-only" is not in the model catalog',
    );
  });
});
