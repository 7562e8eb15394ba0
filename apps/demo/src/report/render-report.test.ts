import { defaultCatalog } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readRequestLines } from './read-request-log.js';
import { renderReport } from './render-report.js';
import { attempt, requestRecord } from './test-records.js';

const codeBy = (provider: string, model: string, latency: number) =>
  requestRecord({
    selected_provider: provider,
    model,
    task: 'code',
    latency_ms: latency,
    attempt_log: [attempt(provider, model)],
  });

describe('renderReport', () => {
  it('prints the table, totals, bad lines and suggestions of a log', async () => {
    const lines = [
      ...Array.from({ length: 6 }, () => codeBy('anthropic', 'claude-sonnet-4-6', 4_000)),
      ...Array.from({ length: 6 }, () => codeBy('openai', 'gpt-5', 1_000)),
    ].map((record) => JSON.stringify(record));
    lines.splice(3, 0, '{"truncated": ');
    lines.push(JSON.stringify({ level: 40, msg: 'circuit', key: 'openai:gpt-5', to: 'open' }));
    const log = await readRequestLines(lines);
    const text = renderReport(log, { source: 'run.jsonl', catalog: defaultCatalog });
    expect(text).toContain('Request log run.jsonl: 12 requests (and 1 other log entries)');
    expect(text).toContain('1 bad lines skipped (line 4: not JSON)');
    expect(text).toMatch(
      /provider\s+model\s+task\s+requests\s+failed\s+calls\s+error rate\s+p50\s+p95\s+cost\s+cache hits\s+cache saved\s+prompt cache saved\s+failovers/,
    );
    expect(text).toMatch(
      /anthropic\s+claude-sonnet-4-6\s+code\s+6\s+0\s+6\s+0\.0%\s+4\.00 s\s+4\.00 s\s+\$0\.00600\s+0 \(0\.0%\)\s+\$0\s+\$0\s+0/,
    );
    expect(text).toContain('requests   12 (0 failed), 12 provider calls (0 failed)');
    expect(text).toContain('cost       $0.0120; all on claude-sonnet-4-6: $0.0360');
    expect(text).toMatch(
      /saved by {3}routing \$[\d.]+, response cache \$[\d.]+, prompt cache \$[\d.]+, batch \$0\n/,
    );
    expect(text).toContain('On code tasks anthropic is slower');
  });

  it("shows each model's prompt-cache savings next to the response cache's", async () => {
    const haiku = (fields: Parameters<typeof requestRecord>[0]) =>
      requestRecord({ selected_provider: 'anthropic', model: 'claude-haiku-4-5', ...fields });
    const lines = [
      haiku({ cache_write_tokens: 20_000, prompt_cache_saved_usd: -0.005 }),
      haiku({ cache_read_tokens: 20_000, prompt_cache_saved_usd: 0.018 }),
      haiku({ cache_read_tokens: 20_000, prompt_cache_saved_usd: 0.018 }),
      haiku({ cache_hit: true, cost_usd: 0, saved_cost_usd: 0.003, cache_read_tokens: 20_000 }),
      // A line logged before records carried prompt-cache savings.
      (({ prompt_cache_saved_usd: _, ...older }) => older)(haiku({})),
    ].map((record) => JSON.stringify(record));
    const text = renderReport(await readRequestLines(lines), {
      source: 'run.jsonl',
      catalog: defaultCatalog,
    });
    expect(text).toMatch(
      /claude-haiku-4-5\s+classification\s+5\s.*1 \(20\.0%\)\s+\$0\.00300\s+\$0\.0310\s+0/,
    );
    expect(text).toContain(
      'cache      1 hits, $0.00300 saved; prompt caching saved $0.0310 on 40,000 cached input tokens',
    );
  });

  it('reports a log with no records without a table', async () => {
    const log = await readRequestLines(['oops']);
    expect(renderReport(log, { source: 'x', catalog: defaultCatalog })).toBe(
      'Request log x: 0 requests\n1 bad lines skipped (line 1: not JSON)',
    );
  });
});
