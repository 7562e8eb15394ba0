import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

const minimal = { router: { preset: 'incident-response' } };

const problemsOf = (raw: unknown, env: Record<string, string> = {}): string => {
  try {
    parseConfig(raw, env, 'test.json');
  } catch (error) {
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('parseConfig', () => {
  it('fills every default from a minimal file', () => {
    const config = parseConfig(minimal, {});
    expect(config.gateway).toEqual({
      host: '127.0.0.1',
      port: 8787,
      workers: 'auto',
      maxBodyBytes: 1024 * 1024,
      shutdownTimeoutMs: 10_000,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      maxConnections: 4096,
    });
    expect(config.providers.anthropic).toEqual({
      simulate: false,
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      baseURL: undefined,
      simulator: {},
    });
    expect(config.providers.gemini.apiKeyEnv).toBe('GEMINI_API_KEY');
    expect(config.cache).toMatchObject({ enabled: true, cacheNonDeterministic: false });
    expect(config.rateLimits).toBeUndefined();
    expect(config.redis).toBeUndefined();
    expect(config.logging).toEqual({ level: 'info', file: undefined });
    expect(config.router).toEqual({ preset: 'incident-response', budgetGuards: false });
  });

  it('names every bad field, with its path, in one error', () => {
    const message = problemsOf({
      gateway: { port: 'eighty', workers: 0, maxBodyBytes: -1 },
      providers: { anthropic: { simulate: 'yes', simulator: { latencyMs: -5 } }, mistral: {} },
      tenants: { acme: { keyEnv: 'sk-live-123' }, globex: {} },
      router: { preset: 'fastest' },
      cache: { ttlMs: 0 },
      logging: { level: 'loud' },
      gatway: {},
    });
    for (const path of [
      'gateway.port: must be an integer >= 0 and <= 65535, got "eighty"',
      'gateway.workers: must be an integer >= 1',
      'gateway.maxBodyBytes: must be an integer >= 1, got -1',
      'providers.anthropic.simulate: must be true or false',
      'providers.anthropic.simulator.latencyMs: must be a number >= 0, got -5',
      'providers.mistral: is not a known field',
      'tenants.acme.keyEnv: must be the name of an environment variable',
      'tenants.globex.keyEnv: is required',
      'router.preset: must be one of incident-response, starting, got "fastest"',
      'cache.ttlMs: must be a number >= 1, got 0',
      'logging.level: must be one of fatal, error',
      'gatway: is not a known field',
    ]) {
      expect(message).toContain(path);
    }
    expect(message).toContain('test.json');
    // A key pasted where an env var name belongs is never echoed back.
    expect(message).not.toContain('sk-live-123');
  });

  it('needs a preset or candidates for the router', () => {
    expect(problemsOf({})).toContain('router.preset: is required unless router.candidates');
    expect(parseConfig({ router: { candidates: ['openai/gpt-5'] } }, {}).router).toMatchObject({
      candidates: ['openai/gpt-5'],
    });
  });

  it('checks rate limits through the ratelimit package, under their path', () => {
    expect(
      problemsOf({ ...minimal, rateLimits: { limits: { tenant: { requestsPerMinute: 1.5 } } } }),
    ).toContain('rateLimits.limits.tenant.requestsPerMinute');
    expect(problemsOf({ ...minimal, rateLimits: { mode: 'wait' } })).toContain(
      'rateLimits.limits: is required',
    );
    expect(
      problemsOf({
        ...minimal,
        tenants: { acme: { keyEnv: 'ACME_KEY' } },
        rateLimits: { limits: { tenants: { acmee: { requestsPerMinute: 60 } } } },
      }),
    ).toContain('rateLimits.limits.tenants.acmee: names no tenant (tenants: acme)');
    const config = parseConfig(
      {
        ...minimal,
        rateLimits: { limits: { tenant: { requestsPerMinute: 60 } }, mode: 'fail-fast' },
      },
      {},
    );
    expect(config.rateLimits).toEqual({
      limits: { tenant: { requestsPerMinute: 60 } },
      mode: 'fail-fast',
      maxWaitMs: undefined,
    });
  });

  it('takes the Redis URL from the environment, and refuses a password in the file', () => {
    const fromEnv = parseConfig(
      { ...minimal, redis: { urlEnv: 'MY_REDIS', prefix: 'x:' } },
      { MY_REDIS: 'redis://:hunter2@10.0.0.1:6379' },
    );
    expect(fromEnv.redis).toEqual({
      url: 'redis://:hunter2@10.0.0.1:6379',
      prefix: 'x:',
      connectTimeoutMs: 3000,
      whenUnavailable: 'fail',
      commandTimeoutMs: 250,
      retryMs: 1000,
    });
    expect(
      problemsOf({ ...minimal, redis: { url: 'redis://h', whenUnavailable: 'sometimes' } }),
    ).toContain('redis.whenUnavailable');
    expect(problemsOf({ ...minimal, redis: { urlEnv: 'MY_REDIS' } })).toContain(
      'redis.urlEnv: names MY_REDIS, which is not set',
    );
    const withPassword = problemsOf({ ...minimal, redis: { url: 'redis://:hunter2@h:6379' } });
    expect(withPassword).toContain('redis.url: holds a password');
    expect(withPassword).not.toContain('hunter2');
    expect(problemsOf({ ...minimal, redis: { url: 'http://h' } })).toContain(
      'redis.url: must hold a redis:// or rediss:// URL',
    );
    expect(problemsOf({ ...minimal, redis: { url: 'redis://h', prefix: '{x}' } })).toContain(
      'redis.prefix: must not contain { or }',
    );
  });

  it('leaves the failover store to the stack', () => {
    expect(problemsOf({ ...minimal, failover: { breaker: { store: {} } } })).toContain(
      'failover.breaker.store: is chosen by the stack',
    );
    expect(
      parseConfig({ ...minimal, failover: { retry: { maxAttempts: 3 } } }, {}).failover,
    ).toEqual({ retry: { maxAttempts: 3 } });
  });

  it('accepts workers: auto', () => {
    expect(parseConfig({ ...minimal, gateway: { workers: 'auto' } }, {}).gateway.workers).toBe(
      'auto',
    );
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf([1, 2])).toContain('(root): must be an object, got an array');
  });
});
