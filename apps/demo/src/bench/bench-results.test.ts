import { describe, expect, it } from 'vitest';
import { sampleResults } from './bench-fixtures.js';
import { checkTargets } from './bench-results.js';

describe('checkTargets', () => {
  it("says which of the issue's targets a run met, with what it measured", () => {
    expect(checkTargets(sampleResults()).map((c) => [c.name, c.measured, c.met])).toEqual([
      ["llmux, a worker per core, 32 connections: >= 3× Portkey's requests/s", '2.50×', false],
      [
        "llmux, a worker per core, 32 connections: p99 no worse than Portkey's",
        '28.00 ms against 60.00 ms',
        true,
      ],
      ["llmux, 1 worker, 32 connections: >= 2× Portkey's requests/s", '2.00×', true],
      [
        "llmux, a worker per core, 1 connection: p50 within 0.25 ms of the simulator's",
        '+0.20 ms',
        true,
      ],
      [
        'in process: llmux adds <= 50 µs of CPU to a call',
        '30 µs with 16 calls in flight, 45 µs with one',
        true,
      ],
      ['in process: the stack keeps >= 90.0% of direct SDK throughput', '98.0%', true],
      ['cache hits through the whole stack: >= 200,000/s', '90,000/s', false],
      ['streaming: time to first token (p50) within 0.5 ms of direct', '+1.00 ms', false],
      ["streaming: a 1,000-chunk stream at <= 2× a raw relay's CPU", '4.50×', false],
      [
        "memory: the gateway's resident set grows < 5.0% over the second half of 200,000 requests",
        '2.0%',
        true,
      ],
    ]);
  });

  it('checks only the sections a run measured', () => {
    const results = sampleResults();
    delete results.gateways;
    delete results.streaming;
    const names = checkTargets(results).map((c) => c.name);
    expect(names).toHaveLength(4);
    expect(names.some((n) => n.includes('Portkey') || n.includes('streaming'))).toBe(false);
  });

  it('misses the in-process target below 90%', () => {
    const results = sampleResults();
    results.inProcess!.ratio = 0.899;
    const check = checkTargets(results).find((c) => c.name.includes('direct SDK throughput'));
    expect(check).toMatchObject({ measured: '89.9%', met: false });
  });

  it('misses the layers target when one call alone adds more than it allows', () => {
    const results = sampleResults();
    const alone = results.layerCosts!.alone.layers[1]!;
    alone.cpuUsPerCall += 10;
    alone.addedUs += 10;
    const check = checkTargets(results).find((c) => c.name.includes('llmux adds'));
    expect(check).toMatchObject({
      measured: '30 µs with 16 calls in flight, 55 µs with one',
      met: false,
    });
  });
});
