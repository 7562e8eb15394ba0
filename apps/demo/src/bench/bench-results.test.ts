import { describe, expect, it } from 'vitest';
import { sampleResults } from './bench-fixtures.js';
import { checkTargets } from './bench-results.js';

describe('checkTargets', () => {
  it('says which targets a run met, with what it measured', () => {
    expect(checkTargets(sampleResults())).toEqual([
      {
        name: 'in process: the stack keeps >= 95% of direct SDK throughput',
        measured: '98.0%',
        met: true,
      },
      {
        name: 'gateway at 32 connections: >= 5,000 requests/s',
        measured: '5,200 requests/s',
        met: true,
      },
      { name: 'gateway at 32 connections: p99 < 20 ms', measured: '25 ms', met: false },
    ]);
  });

  it('misses the in-process target below 95%', () => {
    const results = sampleResults();
    results.inProcess.ratio = 0.949;
    expect(checkTargets(results)[0]).toMatchObject({ measured: '94.9%', met: false });
  });
});
