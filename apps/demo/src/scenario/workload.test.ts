import { estimateInputTokens, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { RUNBOOK_TOKENS, runbook } from './runbook.js';
import { createWorkload, incidentTimeline, type WorkloadKind, workloadKinds } from './workload.js';

const workload = createWorkload({ seed: 7, requests: 400 });
const tokensOf = (kind: WorkloadKind) =>
  workload.items
    .filter((item) => item.kind === kind)
    .map((item) => estimateInputTokens(item.request));

describe('createWorkload', () => {
  it('gives the same items for the same seed, and others for another seed', () => {
    const again = createWorkload({ seed: 7, requests: 400 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(workload));
    const other = createWorkload({ seed: 8, requests: 400 });
    expect(JSON.stringify(other.items)).not.toBe(JSON.stringify(workload.items));
  });

  it('sizes each kind of request as the incident policy sees it, the runbook on top', () => {
    // Every request carries the runbook; the material on top sizes the kinds apart.
    const material = (kind: WorkloadKind) => tokensOf(kind).map((t) => t - RUNBOOK_TOKENS);
    for (const kind of workloadKinds) {
      expect(Math.min(...tokensOf(kind))).toBeGreaterThanOrEqual(RUNBOOK_TOKENS);
    }
    expect(Math.max(...material('quick-check'))).toBeLessThan(1_000);
    expect(Math.min(...material('root-cause'))).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...tokensOf('root-cause'))).toBeLessThanOrEqual(30_000);
    expect(Math.min(...material('log-analysis'))).toBeGreaterThan(10_000);
    expect(Math.max(...tokensOf('code-fix'))).toBeLessThanOrEqual(30_000);
  });

  it('lets the fresh requests of the post-incident review wait for a batch, and no others', () => {
    const { review } = workload.timeline;
    for (const item of workload.items) {
      // A repeat asks its original again, word for word: priority included.
      const asked = item.repeatOf === undefined ? item.index : item.repeatOf;
      expect(item.request.metadata?.priority).toBe(asked >= review.from ? 'batch' : undefined);
    }
    expect(workload.items.filter((item) => item.request.metadata?.priority).length).toBeGreaterThan(
      30,
    );
  });

  it('marks the runbook as the prefix worth caching, word for word on every request', () => {
    for (const item of workload.items) {
      expect(item.request.promptCache).toEqual({ prefix: 'system' });
      expect(item.request.messages[0]?.content).toMatch(new RegExp(`^${runbook.slice(0, 60)}`));
    }
  });

  it('mixes the kinds in about their shares, with a task and tags each', () => {
    const share = (kind: WorkloadKind) =>
      workload.items.filter((item) => item.kind === kind).length / workload.items.length;
    expect(share('quick-check')).toBeGreaterThan(0.4);
    expect(share('root-cause')).toBeGreaterThan(0.15);
    expect(share('log-analysis')).toBeGreaterThan(0.06);
    expect(share('code-fix')).toBeGreaterThan(0.1);
    for (const item of workload.items) {
      expect(item.request.temperature).toBe(0);
      expect(item.request.metadata?.tags).toEqual(['incident', item.kind]);
    }
    const tasks = new Set(workload.items.map((item) => item.request.metadata?.task));
    expect(tasks).toEqual(new Set(['classification', 'reasoning', 'summarization', 'code']));
  });

  it('repeats earlier requests word for word', () => {
    const repeats = workload.items.filter((item) => item.repeatOf !== undefined);
    expect(repeats.length / workload.items.length).toBeGreaterThan(0.08);
    expect(repeats.length / workload.items.length).toBeLessThan(0.22);
    for (const repeat of repeats) {
      const original = workload.items[repeat.repeatOf!]!;
      expect(original.index).toBeLessThan(repeat.index);
      expect(original.repeatOf).toBeUndefined();
      expect(original.burst).toBe(false);
      expect(repeat.request).toEqual(original.request);
    }
    const fresh = workload.items.filter((item) => item.repeatOf === undefined);
    const prompts = fresh.map((item) => JSON.stringify(item.request.messages));
    expect(new Set(prompts).size).toBe(fresh.length);
  });

  it('sends a burst of fresh quick checks part-way through', () => {
    const { burst } = workload.timeline;
    const items = workload.items.filter((item) => item.burst);
    expect(items.map((item) => item.index)).toEqual(
      Array.from({ length: burst.to - burst.from }, (_, i) => burst.from + i),
    );
    expect(items.every((item) => item.kind === 'quick-check' && item.repeatOf === undefined)).toBe(
      true,
    );
  });

  it('spaces requests at random around the mean gap, and the burst 50 ms apart', () => {
    const gaps = workload.items.slice(1).map((item, i) => item.atMs - workload.items[i]!.atMs);
    expect(gaps.every((gap) => gap >= 0)).toBe(true);
    const steady = gaps.filter((_, i) => !workload.items[i + 1]!.burst);
    const mean = steady.reduce((a, b) => a + b, 0) / steady.length;
    expect(mean).toBeGreaterThan(1_600);
    expect(mean).toBeLessThan(2_400);
    const burst = workload.items.filter((item) => item.burst);
    expect(burst.slice(1).every((item, i) => item.atMs - burst[i]!.atMs === 50)).toBe(true);
    // No gaps but the burst's: 6 burst items, 50 ms each.
    const quick = createWorkload({ seed: 7, requests: 50, meanGapMs: 0 });
    expect(quick.items.at(-1)!.atMs).toBe(300);
  });

  it('refuses a bad size, seed or repeat share, naming it', () => {
    const fails = (options: Parameters<typeof createWorkload>[0], field: string) => {
      const error = (() => {
        try {
          createWorkload(options);
        } catch (e) {
          return e;
        }
      })();
      expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
      expect((error as Error).message).toContain(`"${field}"`);
    };
    fails({ seed: 1, requests: 0 }, 'requests');
    fails({ seed: 1, requests: 2.5 }, 'requests');
    fails({ seed: -1, requests: 10 }, 'seed');
    fails({ seed: 1, requests: 10, repeatShare: 1 }, 'repeatShare');
    fails({ seed: 1, requests: 10, meanGapMs: -5 }, 'meanGapMs');
  });
});

describe('incidentTimeline', () => {
  it('puts the outage from 30% to 50%, the burst at 70% and the review in the last 15%', () => {
    expect(incidentTimeline(400)).toEqual({
      outage: { from: 120, to: 200 },
      burst: { from: 280, to: 328 },
      review: { from: 340, to: 400 },
    });
  });

  it('keeps a burst of at least one inside a tiny run', () => {
    expect(incidentTimeline(3)).toEqual({
      outage: { from: 1, to: 2 },
      burst: { from: 2, to: 3 },
      review: { from: 3, to: 3 },
    });
  });
});
