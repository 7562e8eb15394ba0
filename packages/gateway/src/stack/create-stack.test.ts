import { randomUUID } from 'node:crypto';
import {
  createManualClock,
  type GenerateRequest,
  type LlmuxEvent,
  type RequestRecord,
  textOf,
} from '@llmux/core';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createStack, type Stack } from './create-stack.js';
import type { RedisClient } from './shared-stores.js';

const baseConfig = {
  router: { preset: 'incident-response' },
  failover: { retry: { maxAttempts: 1 } },
  rateLimits: { limits: { tenant: { requestsPerMinute: 1000 } } },
};

const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  temperature: 0,
  metadata: { tenant: 'acme' },
  ...extra,
});

const stacks: Stack[] = [];
const start = async (raw: unknown = baseConfig, redis?: RedisClient, random?: () => number) => {
  const events: LlmuxEvent[] = [];
  const stack = await createStack(parseConfig(raw, {}), {
    clock: createManualClock(Date.parse('2026-11-25T10:00:00Z')),
    observer: (event) => events.push(event),
    env: {},
    redis,
    random,
  });
  stacks.push(stack);
  const records = () =>
    events.flatMap((e): RequestRecord[] => (e.type === 'request-end' ? [e.record] : []));
  return { stack, events, records };
};

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

describe('createStack on simulators', () => {
  it('routes a short request to Claude Haiku by the incident-response rules', async () => {
    const { stack, records } = await start();
    expect(stack.endpoints.map((e) => [e.provider, e.mode])).toEqual([
      ['anthropic', 'simulator'],
      ['openai', 'simulator'],
      ['gemini', 'simulator'],
    ]);
    const response = await stack.model.generate(ask('Is checkout healthy?'));
    expect(response).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(textOf(response)).toContain('Is checkout healthy?');
    expect(response.trace.routeReason).toContain('small');
    const [record] = records();
    expect(record).toMatchObject({
      selected_provider: 'anthropic',
      tenant: 'acme',
      cache_hit: false,
      error_kind: null,
    });
    expect(record!.cost_usd).toBeGreaterThan(0);
  });

  it('draws the simulators’ latencies from its random source, so a seeded run repeats', async () => {
    // On the manual clock nothing advances: a draw above the range's minimum would never end.
    const { stack } = await start(baseConfig, undefined, () => 0);
    stack.simulators.anthropic!.configure({ latencyMs: { min: 0, max: 60_000 } });
    const response = await stack.model.generate(ask('Is checkout healthy?'));
    expect(response.provider).toBe('anthropic');
  });

  it('exposes each layer under its model, each one a working model over the one below', async () => {
    const { stack } = await start();
    const haiku = 'anthropic/claude-haiku-4-5';
    const ids = stack.candidates.map((c) => `${c.provider}/${c.model}`);
    expect([...stack.layers.adapters.keys()]).toEqual(ids);
    expect([...stack.layers.limited.keys()]).toEqual(ids);
    const question = ask('Is checkout healthy?');

    const adapter = await stack.layers.adapters.get(haiku)!.generate(question);
    expect(adapter.trace.attempts).toEqual([]);
    const limited = await stack.layers.limited.get(haiku)!.generate(question);
    expect(limited.model).toBe('claude-haiku-4-5');
    const pinned = { provider: 'anthropic', model: 'claude-haiku-4-5', reason: 'pinned' };
    const viaFailover = await stack.layers.failover.generate({
      ...question,
      route: { reason: 'pinned', candidates: [pinned] },
    });
    expect(viaFailover.trace.attempts).toHaveLength(1);
    const planned = await stack.layers.planned.generate(question);
    expect(planned.trace.routeReason).toContain('small');
    await stack.layers.cached.generate(question);
    expect((await stack.layers.cached.generate(question)).trace.cacheHit).toBe(true);
  });

  it('sends the providers’ calls through the fetch it is given', async () => {
    const urls: string[] = [];
    const stack = await createStack(parseConfig(baseConfig, {}), {
      env: {},
      fetch: (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    stacks.push(stack);
    await stack.model.generate(ask('Is checkout healthy?'));
    expect(urls).toEqual([`${stack.simulators.anthropic!.baseURL}/v1/messages`]);
  });

  it('without a fetch, calls through its own transport, and closes it with the stack', async () => {
    const stack = await createStack(parseConfig(baseConfig, {}), { env: {} });
    expect(stack.fetch).not.toBe(globalThis.fetch);
    const response = await stack.model.generate(ask('Is checkout healthy?'));
    expect(textOf(response)).toContain('Is checkout healthy?');
    const url = `${stack.simulators.anthropic!.baseURL}/v1/models`;
    await stack.close();
    await expect(stack.fetch(url)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { name: expect.stringMatching(/^Client(Closed|Destroyed)Error$/) },
    });
  });

  it('serves the same deterministic request again from the cache', async () => {
    const { stack, records } = await start();
    await stack.model.generate(ask('cache me'));
    const again = await stack.model.generate(ask('cache me'));
    expect(again.trace.cacheHit).toBe(true);
    expect(records().map((r) => r.cache_hit)).toEqual([false, true]);
    expect(stack.simulators.anthropic!.counters.requests).toBe(1);
  });

  it('runs a pinned route on failover alone, skipping the rules', async () => {
    const { stack, events } = await start();
    const response = await stack.model.generate(
      ask('pinned', {
        route: {
          reason: 'pinned by the request',
          candidates: [{ provider: 'gemini', model: 'gemini-2.5-pro', reason: 'pinned' }],
        },
      }),
    );
    expect(response).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-pro' });
    expect(response.trace.routeReason).toBe('pinned by the request');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'route', reason: 'pinned by the request' }),
    );
  });

  it('fails over to another provider when Claude is down', async () => {
    const { stack, records } = await start();
    stack.simulators.anthropic!.configure({ outage: true });
    const response = await stack.model.generate(ask('still there?'));
    expect(response.provider).toBe('openai');
    const [record] = records();
    expect(record!.failover_attempts).toBeGreaterThanOrEqual(1);
    expect(record!.attempt_log[0]).toMatchObject({ provider: 'anthropic', outcome: 'error' });
  });

  it('streams through every layer', async () => {
    const { stack, records } = await start();
    const types: string[] = [];
    for await (const event of stack.model.stream(ask('stream it'))) types.push(event.type);
    expect(types[0]).toBe('start');
    expect(types).toContain('text-delta');
    expect(types.at(-1)).toBe('finish');
    expect(records()[0]).toMatchObject({ streamed: true, error_kind: null });
  });

  it('stays ready while one provider is out, and says so; not once none is usable', async () => {
    const { stack } = await start();
    expect(await stack.readiness()).toEqual({
      ready: true,
      degraded: [],
      checks: [
        { name: 'anthropic (simulator)', ok: true },
        { name: 'openai (simulator)', ok: true },
        { name: 'gemini (simulator)', ok: true },
        {
          name: 'candidates',
          ok: true,
          detail: `${stack.candidates.length} of ${stack.candidates.length} usable`,
        },
      ],
    });
    await stack.simulators.gemini!.close();
    const oneOut = await stack.readiness();
    expect(oneOut.ready).toBe(true);
    expect(oneOut.checks[2]).toMatchObject({ name: 'gemini (simulator)', ok: false });
    expect(oneOut.degraded).toContain('gemini (simulator)');
    await stack.simulators.anthropic!.close();
    await stack.simulators.openai!.close();
    const allOut = await stack.readiness();
    expect(allOut.ready).toBe(false);
    expect(allOut.checks.at(-1)).toMatchObject({ name: 'candidates', ok: false });
  });

  it("sends requests that can wait to a provider batch, at batch prices, charged to the tenant's limits", async () => {
    const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
    const events: LlmuxEvent[] = [];
    const stack = await createStack(
      parseConfig(
        {
          ...baseConfig,
          tenants: { acme: { keyEnv: 'ACME_KEY' } },
          rateLimits: { limits: { tenants: { acme: { spendPerMonthUsd: 100 } } } },
          batch: { minBatchSize: 2, maxWaitMs: 1_000 },
        },
        {},
      ),
      { clock, env: {}, observer: (event) => events.push(event) },
    );
    stacks.push(stack);
    const wait = (text: string) =>
      stack.model.generate(ask(text, { metadata: { tenant: 'acme', priority: 'batch' } }));
    const answers = Promise.all([
      wait('Review the checkout incident'),
      wait('Review the auth incident'),
    ]);
    let done = false;
    void answers.finally(() => (done = true));
    for (let step = 0; !done && step < 1_000; step++) await clock.advance(5_000);
    const [first] = await answers;
    const record = events.flatMap((e) => (e.type === 'request-end' ? [e.record] : []))[0]!;
    expect(record.batch_saved_usd).toBeGreaterThan(0);
    expect(first.costUsd).toBeGreaterThan(0);
    // The batch's answers count against the tenant's budget, as live calls do.
    const limited = [...stack.layers.limited.values()][0] as unknown as {
      spend(tenant: string): Promise<{ monthUsd: number }>;
    };
    const spent = (await limited.spend('acme')).monthUsd;
    const { costUsd: second } = (await answers)[1];
    expect(spent).toBeCloseTo(first.costUsd + second, 10);
    expect(stack.simulators.anthropic!.counters.batches.created).toBe(1);
  });

  it('goes live only with --live and a key, and never with simulate', async () => {
    const config = parseConfig(
      {
        router: { candidates: ['openai/gpt-5', 'gemini/gemini-2.5-flash'] },
        providers: { gemini: { simulate: true } },
      },
      {},
    );
    const env = { OPENAI_API_KEY: 'sk-test', GEMINI_API_KEY: 'g-test' };
    const stack = await createStack(config, { live: true, env });
    stacks.push(stack);
    expect(stack.endpoints.map((e) => [e.provider, e.mode])).toEqual([
      ['openai', 'live'],
      ['gemini', 'simulator'],
    ]);
    expect(Object.keys(stack.simulators)).toEqual(['gemini']);
  });

  it('names the section and field of a bad layer configuration, and starts nothing', async () => {
    await expect(start({ ...baseConfig, failover: { retry: { maxAttempts: 0 } } })).rejects.toThrow(
      /^failover: .*retry\.maxAttempts/,
    );
    for (const budgetGuards of [false, true]) {
      await expect(
        start({
          router: {
            preset: 'starting',
            budgetGuards,
            rules: [{ name: 'x', route: ['nobody/none'] }],
          },
        }),
      ).rejects.toThrow(/^router: .*rules\[0\]\.route\[0\]/);
    }
    await expect(start({ router: { candidates: ['mistral/large'] } })).rejects.toThrow(
      'router.candidates: "mistral/large" names provider "mistral"',
    );
  });
});

describe('createStack on Redis', () => {
  const connect = async () => {
    const client = createClient({ url: 'redis://127.0.0.1:6379' }) as RedisClient;
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const cleanUp = async (client: RedisClient, prefix: string) => {
    for await (const keys of client.scanIterator({ MATCH: `*${prefix}*`, COUNT: 100 })) {
      if (keys.length > 0) await client.del(keys);
    }
    await client.quit();
  };
  const redisConfig = (prefix: string, extra: Record<string, unknown> = {}) => ({
    ...baseConfig,
    redis: { url: 'redis://127.0.0.1:6379', prefix },
    ...extra,
  });

  it('shares the cache between two instances', async () => {
    const client = await connect();
    const prefix = `llmux-demo-test:${randomUUID()}:`;
    try {
      const first = await start(redisConfig(prefix), client);
      const second = await start(redisConfig(prefix), client);
      await first.stack.model.generate(ask('shared answer'));
      const hit = await second.stack.model.generate(ask('shared answer'));
      expect(hit.trace.cacheHit).toBe(true);
      expect(second.stack.simulators.anthropic!.counters.requests).toBe(0);
      expect((await second.stack.readiness()).checks.at(-1)).toEqual({ name: 'redis', ok: true });
    } finally {
      await cleanUp(client, prefix);
    }
  });

  it('shares provider health: circuits one instance opened steer the other away', async () => {
    const client = await connect();
    const prefix = `llmux-demo-test:${randomUUID()}:`;
    try {
      const config = redisConfig(prefix, {
        failover: { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2 } },
      });
      const first = await start(config, client);
      const second = await start(config, client);
      // 500s are breakage (a 529 would only put Claude last in this process for a while).
      first.stack.simulators.anthropic!.fault({
        fault: { type: 'status', status: 500 },
        times: Number.POSITIVE_INFINITY,
      });
      for (let i = 0; i < 2; i++)
        await first.stack.model.generate(ask(`fresh ${i}`, { temperature: 1 }));
      const answer = await second.stack.model.generate(ask('where to?', { temperature: 1 }));
      expect(answer.provider).toBe('openai');
      expect(answer.trace.routeReason).toContain('claude-down');
      expect(second.stack.simulators.anthropic!.counters.requests).toBe(0);
    } finally {
      await cleanUp(client, prefix);
    }
  });

  it('shares rate limits: a tenant over its limit on one instance is over it on both', async () => {
    const client = await connect();
    const prefix = `llmux-demo-test:${randomUUID()}:`;
    try {
      const config = redisConfig(prefix, {
        rateLimits: { mode: 'fail-fast', limits: { tenant: { requestsPerMinute: 1 } } },
      });
      const first = await start(config, client);
      const second = await start(config, client);
      await first.stack.model.generate(ask('one', { temperature: 1 }));
      await expect(
        second.stack.model.generate(ask('two', { temperature: 1 })),
      ).rejects.toMatchObject({
        // The tenant's own limit, not a failure of the providers.
        kind: 'rate_limited',
        attempts: expect.arrayContaining([expect.objectContaining({ errorKind: 'rate_limited' })]),
      });
    } finally {
      await cleanUp(client, prefix);
    }
  });
});
