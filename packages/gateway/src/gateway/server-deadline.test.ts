import { createManualClock, type LanguageModel, sequentialIds } from '@llmux/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTenantKeys } from './auth.js';
import { createGateway, type Gateway } from './server.js';

const KEY = 'llmux-test-deadline-0123456789';
const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.shutdown(0)));
});

let calls = 0;
/** A stack that overstays every deadline: only an abort ends its calls. */
const overstaying: LanguageModel = {
  provider: 'router',
  modelId: 'stack',
  generate: (request) =>
    new Promise((_, reject) => {
      calls++;
      request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
    }),
  stream: () => {
    throw new Error('not streamed here');
  },
};

describe('the deadline backstop', () => {
  it('cuts each call that overstays its deadline in turn, with one timer for them all', async () => {
    const clock = createManualClock(0);
    const gateway = createGateway({
      model: overstaying,
      candidates: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }],
      readiness: async () => ({ ready: true, degraded: [], checks: [] }),
      keys: resolveTenantKeys({ acme: { keyEnv: 'KEY' } }, { KEY }),
      maxBodyBytes: 64 * 1024,
      deadlineMs: 1000,
      clock,
      ids: sequentialIds('req'),
    });
    gateways.push(gateway);
    const { port } = await gateway.listen(0);
    const client = new OpenAI({
      apiKey: KEY,
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
    });
    const ask = (content: string) =>
      client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content }] }).then(
        () => 'answered',
        (error: { status?: number }) => error.status,
      );
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setImmediate(resolve));
    };
    calls = 0;

    const first = ask('first');
    await until(() => calls === 1);
    await clock.advance(100);
    const second = ask('second');
    await until(() => calls === 2);
    // The second call came while the first one's timer was armed: no timer of its own.
    expect(clock.pending()).toBe(1);

    // The first overstays its deadline (plus the grace) at 1250; the second at 1350.
    await clock.advance(1150);
    expect(await first).toBe(504);
    expect(clock.pending()).toBe(1);
    await clock.advance(100);
    expect(await second).toBe(504);
    // No call is left: no timer either.
    await until(() => clock.pending() === 0);
  });
});
