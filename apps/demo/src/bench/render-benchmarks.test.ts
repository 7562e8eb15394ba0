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
      '| in process: the stack keeps >= 95% of direct SDK throughput | 98.0% | yes |',
    );
    expect(text).toContain('| gateway at 32 connections: p99 < 20 ms | 25 ms | no |');
  });

  it('holds every measurement', () => {
    expect(text).toContain(
      '| Anthropic SDK → simulator | 2,000 | 4.00 | 20.0 | 380 | 10,000 | 0 |',
    );
    expect(text).toContain(
      '| llmux stack → SDK → simulator (cache miss) | 1,960 | 4.20 | 21.0 | 396 | 9,800 | 0 |',
    );
    expect(text).toContain("the stack adds 16 µs to the SDK's 380 µs");
    expect(text).toContain('| Anthropic SDK alone | 400 |  |');
    expect(text).toContain('| + adapter (provider-claude) | 430 | 30 |');
    expect(text).toContain('llmux adds 30 µs per call in all');
    expect(text).toContain('| 32 | 18,000 | 1 | 8 | 5,200 | 5 | 25 | 2 |');
    expect(text).toContain(
      '| cache hit through the whole stack (memory store) | 90,000 | 0.15 | 0.40 | 0 |',
    );
    expect(text).toContain(
      '| rate limiter on Redis | not measured: no Redis at redis://127.0.0.1:6379 |',
    );
    expect(text).toContain('| after 100,000 requests | 480.0 MiB | 46.0 MiB |');
    expect(text).toContain('| growth over the last 50,000 | 2.5 MiB | 1.3 MiB |');
  });
});
