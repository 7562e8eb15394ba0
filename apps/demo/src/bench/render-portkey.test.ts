import { describe, expect, it } from 'vitest';
import { sampleResults } from './bench-fixtures.js';
import { renderBenchmarks } from './render-benchmarks.js';

describe("renderBenchmarks: the gateway against Portkey's, and streaming", () => {
  const text = renderBenchmarks(sampleResults());

  it('gives each gateway its load and its ratio to Portkey at each number of connections', () => {
    expect(text).toContain('one 3 s run of each in turn (after a 1 s warm-up), 2 rounds');
    expect(text).toContain('| 32 | llmux, 1 worker | 2,400 | 12 | 30 | 0 | 2.00× |');
    expect(text).toContain('| 32 | llmux, auto workers | 3,000 | 10 | 28 | 0 | 2.50× |');
    expect(text).toContain('| 32 | Portkey | 1,200 | 25 | 60 | 1 | |');
  });

  it('gives the time to first token direct and through the gateway, and the difference', () => {
    expect(text).toContain('| direct | 0.50 | 1.25 |');
    expect(text).toContain('| through the gateway | 1.50 | 4.00 |');
    expect(text).toContain('| the gateway adds | 1.00 | 2.75 |');
  });

  it("gives the CPU of relaying a stream, per stream and per chunk, and the gateway's ratio", () => {
    expect(text).toContain('CPU of relaying one 1,000-chunk stream (30 streams each');
    expect(text).toContain('| raw pipe | 2,000 | 2.0 |');
    expect(text).toContain('| llmux gateway | 9,000 | 9.0 |');
    expect(text).toContain("The gateway spends 4.50× the raw relay's CPU on a stream.");
  });
});
