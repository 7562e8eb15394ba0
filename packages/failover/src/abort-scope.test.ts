import { getEventListeners } from 'node:events';
import { createManualClock, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { AbortScope } from './abort-scope.js';

const timeout = () => new LlmuxError({ kind: 'timeout', message: 'too slow' });

describe('AbortScope', () => {
  it('turns the caller aborting into a cancelled error, passed down to children', () => {
    const clock = createManualClock(0);
    const caller = new AbortController();
    const root = AbortScope.root(clock, caller.signal);
    const child = root.child();
    caller.abort(new Error('user left'));
    expect(root.reason?.kind).toBe('cancelled');
    expect(child.signal.aborted).toBe(true);
    expect(child.reason).toBe(root.reason);
    expect(child.abortedByParent).toBe(true);
    expect(root.abortedByParent).toBe(true);
  });

  it("keeps the caller's reason when it is typed: a gateway's deadline or its shutdown", () => {
    const caller = new AbortController();
    const root = AbortScope.root(createManualClock(0), caller.signal);
    const shutdown = new LlmuxError({ kind: 'overloaded', message: 'shutting down' });
    caller.abort(shutdown);
    expect(root.reason).toBe(shutdown);
    expect(root.child().reason).toBe(shutdown);
    expect(root.abortedByParent).toBe(true);
  });

  it('starts aborted under an aborted parent', () => {
    const caller = new AbortController();
    caller.abort();
    const scope = AbortScope.root(createManualClock(0), caller.signal);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.reason?.kind).toBe('cancelled');
  });

  it('aborts itself on timeout without touching its parent', async () => {
    const clock = createManualClock(0);
    const root = AbortScope.root(clock, undefined);
    const child = root.child();
    child.timeout(50, timeout);
    await clock.advance(50);
    expect(child.reason?.kind).toBe('timeout');
    expect(child.abortedByParent).toBe(false);
    expect(root.signal.aborted).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it('races a promise against the abort', async () => {
    const clock = createManualClock(0);
    const scope = AbortScope.root(clock, undefined);
    await expect(scope.race(Promise.resolve(7))).resolves.toBe(7);
    const never = new Promise<never>(() => {});
    const raced = scope.race(never);
    scope.abort(timeout());
    await expect(raced).rejects.toMatchObject({ kind: 'timeout' });
    await expect(scope.race(Promise.reject(new Error('late')))).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('sleeps on the clock and wakes early with the abort reason', async () => {
    const clock = createManualClock(0);
    const scope = AbortScope.root(clock, undefined);
    const sleep = scope.sleep(1000);
    scope.abort(timeout());
    await expect(sleep).rejects.toMatchObject({ kind: 'timeout' });
    expect(clock.pending()).toBe(0);
  });

  it('releases every listener and timer on close', async () => {
    const clock = createManualClock(0);
    const caller = new AbortController();
    const root = AbortScope.root(clock, caller.signal);
    const child = root.child();
    child.timeout(100, timeout);
    root.timeout(1000, timeout);
    await child.race(Promise.resolve());
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    // A child is no listener on its parent's signal: the parent aborts it directly.
    expect(getEventListeners(root.signal, 'abort')).toHaveLength(0);
    child.close();
    root.close();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });

  it('lets go of a child once it is closed: the parent no longer aborts it', () => {
    const root = AbortScope.root(createManualClock(0), undefined);
    const closed = root.child();
    const live = root.child();
    closed.close();
    root.abort(timeout());
    expect(closed.signal.aborted).toBe(false);
    expect(live.reason?.kind).toBe('timeout');
    expect(live.abortedByParent).toBe(true);
    expect(root.child().reason?.kind).toBe('timeout');
  });
});
