import {
  type AdmissionHooks,
  type Clock,
  createManualClock,
  type GenerateRequest,
  type LanguageModel,
  type StreamEvent,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { createFailover, type FailoverOptions } from './failover-model.js';
import { drive, START, toArray } from './test-support.js';

/** `model` behind a fake rate limiter that holds every call in its line for `lineMs`. */
function behindLine(model: LanguageModel, clock: Clock, lineMs: number): LanguageModel {
  const line = async (request: GenerateRequest) => {
    request.admission?.waiting();
    await clock.sleep(lineMs, request.signal);
    request.admission?.admitted();
  };
  return {
    provider: model.provider,
    modelId: model.modelId,
    generate: async (request) => {
      await line(request);
      return model.generate(request);
    },
    async *stream(request) {
      await line(request);
      yield* model.stream(request);
    },
  };
}

function setup(lineMs: number, options: Partial<FailoverOptions> = {}) {
  const clock = createManualClock(START);
  const a = createMockModel({ provider: 'alpha', modelId: 'a-small', clock });
  const b = createMockModel({ provider: 'beta', modelId: 'b-medium', clock });
  const failover = createFailover({
    models: [behindLine(a, clock, lineMs), b],
    clock,
    retry: { maxAttempts: 1 },
    ...options,
  });
  const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
  return { clock, a, b, failover, request };
}

describe('createFailover: admission hooks', () => {
  it('does not charge a wait in a rate limiter’s line to the provider', async () => {
    const { clock, a, failover, request } = setup(5000, {
      timeouts: { attemptMs: 1000, firstTokenMs: 1000 },
    });
    a.enqueue({ delayMs: 500 });
    const response = await drive(clock, failover.generate(request));
    expect(response.trace.attempts).toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'success', latencyMs: 5500 }),
    ]);
    a.enqueue({ delayMs: 500 });
    const events = await drive(clock, toArray(failover.stream(request)));
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.trace.attempts).toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'success', latencyMs: 5500 }),
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('gives the call its full time afresh once admitted', async () => {
    const { clock, a, failover, request } = setup(5000, { timeouts: { attemptMs: 1000 } });
    a.enqueue({ hang: true });
    const response = await drive(clock, failover.generate(request));
    expect(response.provider).toBe('beta');
    expect(response.trace.attempts[0]).toMatchObject({ errorKind: 'timeout', latencyMs: 6000 });
  });

  it('still ends the request at its deadline while the call waits in line', async () => {
    const { clock, a, failover, request } = setup(5000, { timeouts: { totalMs: 3000 } });
    const error = await drive(clock, failover.generate(request)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', message: 'request not done within 3000 ms' });
    expect(clock.now()).toBe(START + 3000);
    expect(a.calls).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });

  it('ignores hooks called once the call is over', async () => {
    const clock = createManualClock(START);
    const mock = createMockModel({ provider: 'alpha', modelId: 'a-small', clock });
    let hooks: AdmissionHooks | undefined;
    const keeper: LanguageModel = {
      ...mock,
      generate: (request) => {
        hooks = request.admission;
        return mock.generate(request);
      },
    };
    const failover = createFailover({ models: [keeper], clock });
    await drive(clock, failover.generate({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(hooks).toBeDefined();
    hooks?.waiting();
    hooks?.admitted();
    expect(clock.pending()).toBe(0);
  });
});
