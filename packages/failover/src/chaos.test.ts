import { type AttemptRecord, healthKey, LlmuxError } from '@llmux/core';
import type { Simulator } from '@llmux/testkit';
import { generateMix, streamMix, totalShare } from '@llmux/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeChaosRun } from './chaos/chaos-report.js';
import {
  type ChaosSettings,
  type ChaosStack,
  CLAUDE_MODEL,
  providers,
  startChaosStack,
} from './chaos/chaos-stack.js';
import { type HttpRequestWatch, watchHttpRequests } from './chaos/http-requests.js';
import { watchLoopDelay } from './chaos/loop-delay.js';
import { type Outcome, runWorkload } from './chaos/run-workload.js';
import { chaosWorkload, tagOf } from './chaos/workload.js';

const REQUESTS = 10_000;
const CONCURRENCY = 32;
/** Claude answers every call with 529 while the requests of these indexes are sent. */
const OUTAGE = { from: 3_000, to: 5_000 };
/** Streamed requests every provider cuts after their first content: they must fail, typed. */
const CUT_AT = [1_000, 6_000, 8_500];
const TOTAL_MS = 3_000;
/** How far past its deadline a request may end: timers on a busy event loop fire late. */
const DEADLINE_SLACK_MS = 250;
const WINDOW_MS = 1_000;

const settings: ChaosSettings = {
  seed: 20_250_923,
  failover: {
    // Hangs end at 300 ms; a 429 asking for a second moves on; backoff is a few ms.
    retry: { maxAttempts: 4, baseMs: 2, capMs: 5, maxRetryAfterMs: 20 },
    // 30% of calls failing is flaky, not down: a run of 20 failures, or 75% of 40 calls, opens.
    breaker: {
      windowMs: WINDOW_MS,
      failureRate: 0.75,
      minSamples: 40,
      consecutiveFailures: 20,
      openMs: 100,
      probeTimeoutMs: 1_000,
    },
    timeouts: { attemptMs: 300, firstTokenMs: 300, idleMs: 300, totalMs: TOTAL_MS },
  },
  healthPolicy: { windowMs: WINDOW_MS, probeAfterMs: 100, minSamples: 20 },
};

const CLAUDE = healthKey('anthropic', CLAUDE_MODEL);

/**
 * The end-to-end test: 10,000 requests, streamed and not, through the router and failover
 * over the official SDKs against three simulators on loopback (real HTTP, the real clock), each
 * failing about 30% of calls in every way a provider fails, and Claude down for a stretch. The
 * simulators draw faults from seeded randomness; the interleaving of concurrent calls still
 * varies from run to run.
 */
describe('chaos: router and failover over three faulty simulators', () => {
  let stack: ChaosStack;
  let http: HttpRequestWatch;
  let outcomes: Outcome[];
  const outage = { startedAt: 0, endedAt: 0, calls: 0 };

  beforeAll(async () => {
    stack = await startChaosStack(settings);
    http = watchHttpRequests();
    const claude = stack.simulators.anthropic;
    let callsBefore = 0;
    const loopDelay = watchLoopDelay();
    const startedAt = performance.now();
    outcomes = await runWorkload(
      stack.router,
      chaosWorkload({ requests: REQUESTS, seed: settings.seed, cutAt: CUT_AT }),
      {
        concurrency: CONCURRENCY,
        around: (index, run) => http.within(tagOf(index), run),
        beforeDispatch: (index) => {
          if (index === OUTAGE.from) {
            claude.configure({ outage: true });
            outage.startedAt = Date.now();
            callsBefore = claude.counters.requests;
          }
          if (index === OUTAGE.to) {
            claude.configure({ outage: false });
            outage.endedAt = Date.now();
            outage.calls = claude.counters.requests - callsBefore;
          }
        },
      },
    );
    const elapsedMs = performance.now() - startedAt;
    console.log(
      describeChaosRun({
        outcomes,
        elapsedMs,
        concurrency: CONCURRENCY,
        events: stack.events.events,
        simulators: stack.simulators,
        loopDelay: loopDelay.stop(),
        outage: { key: CLAUDE, ...outage },
      }),
    );
  }, 180_000);

  afterAll(async () => {
    http?.close();
    await stack?.close();
  });

  const failures = () => outcomes.filter((o) => !o.ok);

  it('fails about 30% of calls per simulator, in every way listed', () => {
    expect(totalShare(generateMix)).toBeCloseTo(0.3);
    expect(totalShare(streamMix)).toBeCloseTo(0.3);
    for (const provider of providers) {
      const { faults, requests, byStatus } = stack.simulators[provider].counters;
      // The outage's 529s count as faults too; the rest is the injected 30%, within a few points.
      const injected = provider === 'anthropic' ? faults - outage.calls : faults;
      expect(injected / requests).toBeGreaterThan(0.25);
      expect(injected / requests).toBeLessThan(0.35);
      expect(byStatus[429]).toBeGreaterThan(0);
      expect(byStatus[500]).toBeGreaterThan(0);
      expect(byStatus[provider === 'anthropic' ? 529 : 503]).toBeGreaterThan(0);
    }
    const { events } = stack;
    const kinds = new Set(events.of('attempt-end').map((e) => e.record.errorKind));
    for (const kind of ['rate_limited', 'overloaded', 'server_error', 'timeout', 'network']) {
      expect(kinds).toContain(kind);
    }
    // A 5 ms retry-after is waited out exactly; a second is over the cap, so failover moves on.
    const rateLimitedRetries = events.of('retry').filter((e) => e.errorKind === 'rate_limited');
    expect(new Set(rateLimitedRetries.map((e) => e.delayMs))).toEqual(new Set([5]));
    expect(events.of('failover').some((e) => e.errorKind === 'rate_limited')).toBe(true);
  });

  it('succeeds for at least 99.9% of requests, streamed or not', () => {
    expect(outcomes).toHaveLength(REQUESTS);
    expect(outcomes.filter((o) => o.streamed).length).toBeGreaterThan(REQUESTS * 0.4);
    expect(outcomes.length - failures().length).toBeGreaterThanOrEqual(REQUESTS * 0.999);
    for (const o of outcomes.filter((o) => o.ok)) {
      expect(o.text).toBe(`Echo: Request ${o.index}: a short answer, please.`);
    }
    expect(outcomes.filter((o) => o.malformed).map((o) => `#${o.index}: ${o.malformed}`)).toEqual(
      [],
    );
  });

  it('fails every failed request with one typed error that lists its attempts', () => {
    for (const o of failures()) {
      expect(LlmuxError.isInstance(o.error)).toBe(true);
      const error = o.error as LlmuxError;
      expect(o.attempts.length).toBeGreaterThan(0);
      for (const attempt of o.attempts) {
        expect(attempt).toMatchObject({
          provider: expect.any(String),
          model: expect.any(String),
          outcome: 'error',
          errorKind: expect.any(String),
        });
      }
      if (CUT_AT.includes(o.index)) {
        // Content had reached the caller: no failing over, the stream ends with the cut's error.
        expect(o.text).not.toBe('');
        expect(error.kind).toBe(o.attempts.at(-1)!.errorKind);
        expect(error.kind).toBe('network');
      } else {
        expect(o.text).toBe('');
        expect(error.kind).toBe('all_attempts_failed');
      }
    }
    expect(failures().filter((o) => CUT_AT.includes(o.index))).toHaveLength(CUT_AT.length);
  });

  it('ends every request within its deadline', () => {
    const late = outcomes.filter((o) => o.wallMs > TOTAL_MS + DEADLINE_SLACK_MS);
    expect(late.map((o) => `#${o.index}: ${o.wallMs.toFixed(0)} ms`)).toEqual([]);
  });

  it('lists in each response or error exactly the attempts the observer saw', () => {
    const { events } = stack;
    const key = (a: AttemptRecord) => `${a.provider} ${a.attempt} ${a.startedAt}`;
    const observed = new Map<string, string[]>();
    for (const { requestId = '', record } of events.of('attempt-end')) {
      observed.set(requestId, [...(observed.get(requestId) ?? []), key(record)]);
    }
    const mismatched = outcomes.filter(
      (o) =>
        JSON.stringify(o.attempts.map(key).sort()) !==
        JSON.stringify((observed.get(tagOf(o.index)) ?? []).sort()),
    );
    expect(mismatched.map((o) => o.index)).toEqual([]);
    for (const provider of providers) {
      const reported = outcomes.flatMap((o) => o.attempts).filter((a) => a.provider === provider);
      const started = events.of('attempt-start').filter((e) => e.provider === provider);
      expect({ provider, started: started.length }).toEqual({ provider, started: reported.length });
    }
  });

  it('reports exactly the calls each simulator received', () => {
    // A simulator counts a call as it arrives, hung and reset ones too. Each attempt is one HTTP
    // request (the SDKs do not retry), which reaches the simulator unless the attempt timed out
    // before its headers were even written: on a stalled event loop, the 300 ms timer can fire
    // before a new connection is made.
    const wrong: string[] = [];
    let cutOff = 0;
    for (const provider of providers) {
      const { url, counters } = stack.simulators[provider];
      let sent = 0;
      for (const o of outcomes) {
        const own = o.attempts.filter((a) => a.provider === provider);
        const out = http.sent(tagOf(o.index), url);
        const timedOut = own.filter((a) => a.errorKind === 'timeout').length;
        if (out > own.length || own.length - out > timedOut) {
          wrong.push(
            `#${o.index} ${provider}: ${own.length} attempts (${timedOut} timed out), ${out} sent`,
          );
        }
        sent += out;
        cutOff += own.length - out;
      }
      expect({ provider, sent }).toEqual({ provider, sent: counters.requests });
    }
    expect(wrong).toEqual([]);
    console.log(`chaos: ${cutOff} attempts timed out before their request left the client`);
  });

  it('pauses Claude while it answers 529 (busy, not broken), and sends it traffic once back', () => {
    const during = (at: number) => at >= outage.startedAt && at <= outage.endedAt;
    // A 529 is a capacity signal: it opens no circuit...
    const opened = stack.events
      .of('circuit')
      .filter((e) => e.key === CLAUDE && e.to === 'open' && during(e.at));
    expect(opened).toEqual([]);
    // ...but puts Claude after the others for a second at a time: few of the outage's 2,000
    // requests reached it (those under way as each pause ends, and last resorts).
    const reached = outcomes.filter((o) =>
      o.attempts.some((a) => a.provider === 'anthropic' && during(a.startedAt)),
    );
    expect(reached.length).toBeLessThan((OUTAGE.to - OUTAGE.from) / 10);
    const answeredAfter = outcomes
      .flatMap((o) => o.attempts)
      .filter((a) => a.provider === 'anthropic' && a.outcome === 'success')
      .filter((a) => a.startedAt > outage.endedAt);
    expect(answeredAfter.length).toBeGreaterThan((REQUESTS - OUTAGE.to) / 4);
  });
});

const DOWN_REQUESTS = 2_000;
/** The breaker's window and open time, scaled to a run that sends a minute's traffic in a second. */
const DOWN_WINDOW_MS = 1_000;

const downSettings: ChaosSettings = {
  seed: 20_251_206,
  failover: {
    // Two calls per candidate, as by default; backoff and the retry-after cap scaled down.
    retry: { baseMs: 2, capMs: 5, maxRetryAfterMs: 20 },
    // failureRate, minSamples, consecutiveFailures and maxOpenShare at their defaults.
    breaker: { windowMs: DOWN_WINDOW_MS, openMs: 500, probeTimeoutMs: 1_000 },
    timeouts: { attemptMs: 300, firstTokenMs: 300, idleMs: 300, totalMs: TOTAL_MS },
  },
  healthPolicy: { windowMs: DOWN_WINDOW_MS, probeAfterMs: 500 },
};

/** Claude busy (a 529 to every call) or broken (every call fails, after the mix with a reset). */
const downs: Array<{ how: string; down: (claude: Simulator) => void }> = [
  { how: 'answers every call with 529', down: (claude) => claude.configure({ outage: true }) },
  {
    how: 'fails every call',
    down: (claude) => claude.fault({ fault: { type: 'reset' }, times: Number.POSITIVE_INFINITY }),
  },
];

/**
 * The issue "faults are absorbed, never amplified": Claude down throughout, OpenAI and Gemini each
 * failing about 30% of calls in the mix above, the breaker at its default thresholds. A provider
 * answering 70% of calls is the best there is, not a dead one: no request may be refused without
 * a call because every circuit is open. (Before: 27% of requests succeeded, 73% refused so.)
 */
describe.each(downs)(
  'chaos: Claude $how, the others flaky, default breaker thresholds',
  ({ down }) => {
    let stack: ChaosStack;
    let outcomes: Outcome[];
    /** Requests that failed without a call: every candidate was passed over for its circuit. */
    const refused = () => outcomes.filter((o) => !o.ok && o.attempts.length === 0);

    beforeAll(async () => {
      stack = await startChaosStack(downSettings);
      down(stack.simulators.anthropic);
      const loopDelay = watchLoopDelay();
      const startedAt = performance.now();
      outcomes = await runWorkload(
        stack.router,
        chaosWorkload({ requests: DOWN_REQUESTS, seed: downSettings.seed }),
        { concurrency: CONCURRENCY },
      );
      const elapsedMs = performance.now() - startedAt;
      console.log(
        describeChaosRun({
          outcomes,
          elapsedMs,
          concurrency: CONCURRENCY,
          events: stack.events.events,
          simulators: stack.simulators,
          loopDelay: loopDelay.stop(),
        }),
        `\n  refused without a call: ${refused().length}`,
      );
    }, 60_000);

    afterAll(async () => {
      await stack?.close();
    });

    it('never refuses a request without a call, and answers nearly all', () => {
      expect(refused().map((o) => `#${o.index}: ${String(o.error)}`)).toEqual([]);
      expect(outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(DOWN_REQUESTS * 0.95);
    });
  },
);
