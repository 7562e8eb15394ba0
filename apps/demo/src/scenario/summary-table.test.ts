import { defaultCatalog } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { attempt, requestRecord } from '../report/test-records.js';
import { createEventTally } from './event-tally.js';
import type { ScenarioRun } from './run-scenario.js';
import { renderSummary } from './summary-table.js';
import { createWorkload } from './workload.js';

const workload = createWorkload({ seed: 1, requests: 10 });
const { tally, observer } = createEventTally();
const records = [
  requestRecord({
    request_id: 'incident-1',
    input_tokens: 1_000_000 / 10,
    output_tokens: 0,
    cost_usd: 0.1,
    latency_ms: 1_000,
  }),
  requestRecord({
    request_id: 'incident-2',
    selected_provider: 'openai',
    model: 'gpt-5',
    input_tokens: 100_000,
    output_tokens: 10_000,
    cost_usd: 0.225,
    latency_ms: 3_000,
    failover_attempts: 1,
    attempt_log: [
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'overloaded'),
      attempt('openai', 'gpt-5'),
    ],
  }),
  requestRecord({
    request_id: 'incident-3',
    input_tokens: 100_000,
    output_tokens: 0,
    cost_usd: 0,
    cache_hit: true,
    saved_cost_usd: 0.1,
    latency_ms: 2,
    attempt_log: [],
  }),
];
for (const record of records) observer({ type: 'request-end', record });
observer({ type: 'rate-limit', requestId: 'incident-8', scope: 'model', outcome: 'rejected' });
observer({
  type: 'retry',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  attempt: 1,
  delayMs: 1_500,
  errorKind: 'rate_limited',
});
observer({ type: 'circuit', key: 'anthropic:claude-haiku-4-5', from: 'closed', to: 'open', at: 0 });

const run: ScenarioRun = {
  workload,
  burstLimit: { requests: 8, windowMs: 5_000 },
  tally,
  modes: { anthropic: 'simulator', openai: 'simulator', gemini: 'simulator' },
  outageStaged: true,
  scenarioMs: 125_000,
};
const context = {
  catalog: defaultCatalog,
  seed: 1,
  speed: 40,
  realMs: 3_400,
  logPath: '/tmp/run.jsonl',
};

describe('renderSummary', () => {
  const text = renderSummary(run, context);

  it('heads the table with the run: incident, speed and time', () => {
    expect(text).toContain('llmux incident-response scenario: 3 requests (seed 1)');
    expect(text).toContain('Claude down while requests 4-5 were sent; a burst of 1 at request 8');
    expect(text).toContain('2 min 5 s of scenario time in 3 s (40x speed)');
  });

  it('has a row per model and a total row that adds them up', () => {
    expect(text).toMatch(
      /anthropic\s+claude-haiku-4-5\s+2\s+0\s+200,000\s+0\s+\$0\.1000\s+1\.00 s\s+1\.00 s\s+0\s+1/,
    );
    expect(text).toMatch(
      /openai\s+gpt-5\s+1\s+0\s+100,000\s+10,000\s+\$0\.2250\s+3\.00 s\s+3\.00 s\s+1\s+0/,
    );
    expect(text).toMatch(
      /total\s+3\s+0\s+300,000\s+10,000\s+\$0\.3250\s+1\.00 s\s+3\.00 s\s+1\s+1/,
    );
  });

  it('says what failed over, was refused, hit the cache, and the cost against Claude Sonnet', () => {
    expect(text).toContain(
      '1 requests moved to another model (1 moves, 1 retries); circuits opened: anthropic:claude-haiku-4-5 ×1',
    );
    expect(text).toContain(
      '8 calls per 5.00 s per model: 1 calls refused; failover waited 1 out (longest 1.50 s) and moved 0 on to another model; 1 requests affected, 1 of them in the burst',
    );
    expect(text).toContain('1 hits (33.3%), $0.1000 saved');
    // 300k input at $3 and 10k output at $15 per million.
    expect(text).toContain(
      '$0.3250 with llmux; the same requests all on claude-sonnet-4-6 at published prices, without the levers below: $1.05 (69.0% less)',
    );
    // What is not the cache's is routing's here: no prompt cache or batch in these records.
    expect(text).toMatch(/routing:\s+\$0\.6250 saved \(59\.5% of the baseline\)/);
    expect(text).toMatch(/response cache:\s+\$0\.1000 saved \(9\.5% of the baseline\)/);
    expect(text).toMatch(/prompt cache:\s+\$0 saved \(0\.0% of the baseline\)/);
    expect(text).toMatch(/batch:\s+\$0 saved \(0\.0% of the baseline\)/);
    expect(text).toContain('request log /tmp/run.jsonl');
  });

  it('gives the latency of the requests someone waited on, and the batch apart', () => {
    const batched = requestRecord({
      request_id: 'review-1',
      latency_ms: 300_000,
      batch_saved_usd: 0.01,
    });
    const withBatch = { ...run, tally: { ...run.tally, records: [...records, batched] } };
    expect(renderSummary(withBatch, context)).toContain(
      'latency     p50 1.00 s, p95 3.00 s; 1 requests answered by a batch, within 300.00 s',
    );
  });

  it('says when Claude was live and no outage was staged', () => {
    expect(renderSummary({ ...run, outageStaged: false }, { ...context, speed: 1 })).toContain(
      'a burst of 1 at request 8 (Claude is live: no outage staged)\nrun took 3 s',
    );
  });
});
