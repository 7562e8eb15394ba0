import { describe, expect, it } from 'vitest';
import { lastResorts } from './last-resort.js';
import { plan, setup } from './test-support.js';

const refusal = (name: string, failureRate: number, retryAfterMs?: number) => ({
  name,
  failureRate,
  ...(retryAfterMs !== undefined && { retryAfterMs }),
});
const names = (picked: Array<{ name: string }>) => picked.map((p) => p.name);

describe('lastResorts', () => {
  it('passes over up to maxOpenShare of the plan, and tries the rest anyway', () => {
    const passed = [refusal('a', 1), refusal('b', 0.6)];
    expect(names(lastResorts(passed, 3, 0.5))).toEqual(['b']);
    expect(names(lastResorts(passed, 3, 0.7))).toEqual([]);
    expect(names(lastResorts(passed.slice(0, 1), 3, 0.5))).toEqual([]);
  });

  it('never passes over a whole plan below a share of 1', () => {
    const all = [refusal('a', 1), refusal('b', 0.6), refusal('c', 0.8)];
    expect(names(lastResorts(all, 3, 0.5))).toEqual(['b', 'c']);
    expect(names(lastResorts(all, 3, 0.9))).toEqual(['b']);
    expect(names(lastResorts(all, 3, 0))).toEqual(['b', 'c', 'a']);
    expect(names(lastResorts(all.slice(0, 1), 1, 0.5))).toEqual(['a']);
    expect(names(lastResorts(all, 3, 1))).toEqual([]);
  });

  it('takes the lowest failure share first, then the circuit soonest to let a probe through', () => {
    const all = [refusal('a', 0.5, 9000), refusal('b', 0.5, 1000), refusal('c', 0.5)];
    expect(names(lastResorts(all, 3, 0))).toEqual(['c', 'b', 'a']);
  });
});

describe('createFailover: never every circuit open at once', () => {
  /** Opens every circuit, with failure shares alpha 1, beta 1/2, gamma 1/3 in the window. */
  async function allOpen() {
    const harness = setup({
      breaker: { consecutiveFailures: 1, openMs: 60_000 },
      retry: { maxAttempts: 1 },
    });
    const { generate, a, b, c } = harness;
    await generate({ route: plan('gamma:c-large') });
    await generate({ route: plan('gamma:c-large') });
    await generate({ route: plan('beta:b-medium') });
    for (const model of [a, b, c]) model.enqueue({ error: 'server_error' });
    await expect(generate()).rejects.toMatchObject({ kind: 'all_attempts_failed' });
    expect(harness.events.of('circuit').map((e) => e.to)).toEqual(['open', 'open', 'open']);
    return harness;
  }

  it('tries the least bad anyway when every circuit of the plan is open', async () => {
    const { generate, a, events } = await allOpen();
    const response = await generate();
    expect(response.provider).toBe('gamma');
    expect(response.trace.attempts.map((x) => x.provider)).toEqual(['gamma']);
    expect(a.calls).toHaveLength(1);
    // A last resort's answer counts in the window but moves no circuit: a probe decides.
    expect(events.of('circuit')).toHaveLength(3);
  });

  it('passes over at most maxOpenShare of the plan: the worst stays skipped', async () => {
    const { fails, a, b, c } = await allOpen();
    b.setScript({ error: 'server_error' });
    c.setScript({ error: 'server_error' });
    const error = await fails();
    expect(error.kind).toBe('all_attempts_failed');
    expect(error.message).toBe(
      'All attempts failed: gamma:c-large server_error, beta:b-medium server_error, alpha:a-small skipped (circuit open)',
    );
    expect(a.calls).toHaveLength(1);
  });

  it('tries an open circuit once the others failed, when more than maxOpenShare are open', async () => {
    const { generate, a, b, c } = setup({
      breaker: { consecutiveFailures: 1, openMs: 60_000 },
      retry: { maxAttempts: 1 },
    });
    await generate({ route: plan('beta:b-medium') });
    a.enqueue({ error: 'server_error' });
    b.enqueue({ error: 'server_error' });
    expect((await generate()).provider).toBe('gamma');
    c.enqueue({ error: 'server_error' });
    const response = await generate();
    expect(response.trace.attempts.map((x) => `${x.provider} ${x.outcome}`)).toEqual([
      'gamma error',
      'beta success',
    ]);
    expect(a.calls).toHaveLength(1);
  });
});
