import { describe, expect, it } from 'vitest';
import { sampleResults } from './bench-fixtures.js';
import { renderBenchmarks } from './render-benchmarks.js';

describe('renderBenchmarks', () => {
  const text = renderBenchmarks(sampleResults());

  it('names the command, the date and the machine', () => {
    expect(text).toContain('Measured by `pnpm bench` on 2026-11-25');
    expect(text).toContain('Machine: Test CPU, 2 cores, 8 GiB memory, Node v24.0.0, linux x64.');
  });

  it('lists the targets, met or not', () => {
    expect(text).toContain(
      '| in process: the stack keeps >= 90.0% of direct SDK throughput | 98.0% | yes |',
    );
    expect(text).toContain('| cache hits through the whole stack: >= 200,000/s | 90,000/s | no |');
    expect(text).toContain('what was tried: [docs/performance.md](docs/performance.md)');
  });

  it('holds every in-process measurement', () => {
    expect(text).toContain(
      '| Anthropic SDK → simulator | 2,000 | 4.00 | 20.0 | 380 | 10,000 | 0 |',
    );
    expect(text).toContain(
      '| llmux stack → SDK → simulator (cache miss) | 1,960 | 4.20 | 21.0 | 396 | 9,800 | 0 |',
    );
    expect(text).toContain(
      '| Anthropic SDK on @llmux/transport → simulator | 3,000 | 3.00 | 15.0 | 250 | 15,000 | 0 |',
    );
    expect(text).toContain('396 µs through the stack against 380 µs for the SDK alone');
    expect(text).toContain('| Anthropic SDK alone | 400 |  | 500 |  |');
    expect(text).toContain('| + adapter (provider-claude) | 430 | 30 | 545 | 45 |');
    expect(text).toContain(
      'llmux adds 30 µs per call in all with 16 calls in flight, and 45 µs with one',
    );
    expect(text).toContain("under V8's CPU profiler (in this process, 4,000 calls)");
    expect(text).toContain('| @llmux/failover | 40.0 | 40.0% |');
    expect(text).toContain('| runPlan (@llmux/failover) | 12.5 | 12.5% |');
    expect(text).toContain(
      '| cache hit through the whole stack (memory store) | 90,000 | 0.15 | 0.40 | 0 |',
    );
    expect(text).toContain(
      '| the same, with an observer taking every event | 70,000 | 0.20 | 0.50 | 0 |',
    );
    expect(text).toContain(
      '| rate limiter on Redis | not measured: no Redis at redis://127.0.0.1:6379 |',
    );
  });

  it("gives the gateway's resident set half-way and at the end, and its growth", () => {
    expect(text).toContain('| after 100,000 requests | 200.0 MiB |');
    expect(text).toContain('| after 200,000 requests | 204.0 MiB |');
    expect(text).toContain('| growth over the second half | 2.0% |');
  });

  it('leaves out the sections a run did not measure', () => {
    const results = sampleResults();
    delete results.memory;
    delete results.cacheHits;
    delete results.observedCacheHits;
    delete results.redisLimiter;
    const partial = renderBenchmarks(results);
    expect(partial).not.toContain('## Memory');
    expect(partial).not.toContain('## Cache hits');
    expect(partial).toContain('## Streaming through the gateway');
  });
});
