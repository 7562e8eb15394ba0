import { describe, expect, it } from 'vitest';
import { sampleResults } from './bench-fixtures.js';
import { renderBenchmarks } from './render-benchmarks.js';

describe('renderBenchmarks: the gateways under load, and streaming', () => {
  const text = renderBenchmarks(sampleResults());

  it('gives each server its load, and the llmux ones their ratio to Portkey', () => {
    expect(text).toContain('one 3 s run of each in turn (each after a 1 s warm-up), 2 rounds');
    expect(text).toContain('| 32 | the simulator, direct | 18,000 | 1.00 | 8.00 | 0 |  |');
    expect(text).toContain('| 32 | llmux, 1 worker | 2,400 | 12.0 | 30.0 | 0 | 2.00× |');
    expect(text).toContain('| 32 | llmux, a worker per core | 3,000 | 10.0 | 28.0 | 0 | 2.50× |');
    expect(text).toContain('| 32 | Portkey | 1,200 | 25.0 | 60.0 | 1 |  |');
    expect(text).toContain('| 1 | llmux, a worker per core | 3,000 | 1.20 | 28.0 | 0 | 2.50× |');
  });

  it("gives a gateway worker's CPU per request by package, the smallest shares together", () => {
    expect(text).toContain('wrk at 32 connections for 6 s (1,000 requests/s');
    expect(text).toContain('| Node.js: fetch (undici) | 300.0 | 60.0% |');
    expect(text).toContain('| @llmux/gateway | 196.0 | 39.2% |');
    expect(text).toContain('| 2 more, under 1% each | 4.0 | 0.8% |');
    expect(text).toContain('| all | 500.0 | 100% |');
    expect(text).toContain("The process's own CPU time, from /proc, was 420.0 µs per request.");
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
