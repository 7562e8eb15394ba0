import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createFaultQueue, type Fault } from './faults.js';
import type { SimRequest } from './types.js';

const request = (overrides: Partial<SimRequest> = {}): SimRequest => ({
  operation: 'generate',
  model: 'm',
  stream: false,
  promptText: '',
  lastUserText: '',
  toolNames: [],
  includeUsage: true,
  body: {},
  headers: {},
  ...overrides,
});

const reset: Fault = { type: 'reset' };

describe('createFaultQueue', () => {
  it('applies a rule once by default, then lets calls through', () => {
    const queue = createFaultQueue(() => 0);
    queue.add([reset]);
    expect(queue.take(request())).toEqual(reset);
    expect(queue.take(request())).toBeUndefined();
  });

  it('applies a rule `times` times, and forever with Infinity', () => {
    const queue = createFaultQueue(() => 0);
    queue.add([{ fault: reset, times: 2 }]);
    expect([queue.take(request()), queue.take(request()), queue.take(request())]).toEqual([
      reset,
      reset,
      undefined,
    ]);
    queue.add([{ fault: reset, times: Number.POSITIVE_INFINITY }]);
    for (let i = 0; i < 50; i++) expect(queue.take(request())).toEqual(reset);
  });

  it('takes the first rule that matches', () => {
    const queue = createFaultQueue(() => 0);
    const overloaded: Fault = { type: 'overloaded' };
    queue.add([{ fault: reset, match: (r) => r.model === 'other' }, overloaded]);
    expect(queue.take(request())).toEqual(overloaded);
    expect(queue.take(request({ model: 'other' }))).toEqual(reset);
  });

  it('keeps stream faults for streamed calls', () => {
    const queue = createFaultQueue(() => 0);
    const cut: Fault = { type: 'cut-stream', afterFrames: 1 };
    queue.add([cut]);
    expect(queue.take(request())).toBeUndefined();
    expect(queue.take(request({ stream: true }))).toEqual(cut);
  });

  it('rolls the probability with the injected random and skips the rule when it fails', () => {
    const rolls = [0.7, 0.2];
    const queue = createFaultQueue(() => rolls.shift() ?? 1);
    queue.add([{ fault: reset, probability: 0.5, times: 5 }]);
    expect(queue.take(request())).toBeUndefined();
    expect(queue.take(request())).toEqual(reset);
    expect(queue.size).toBe(1);
  });

  it.each([
    [{ fault: { type: 'explode' } as never }, 'fault.type'],
    [{ fault: { type: 'status', status: 200 } as Fault }, 'fault.status'],
    [{ fault: reset, times: 0 }, 'times'],
    [{ fault: reset, probability: 1.5 }, 'probability'],
  ])('refuses a bad rule %j naming %s', (rule, field) => {
    const queue = createFaultQueue(() => 0);
    expect(() => queue.add([rule])).toThrow(LlmuxError);
    expect(() => queue.add([rule])).toThrow(`"${field}"`);
  });
});
