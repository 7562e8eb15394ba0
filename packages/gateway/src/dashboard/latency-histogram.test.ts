import { describe, expect, it } from 'vitest';
import {
  addHistogram,
  addLatency,
  bucketOf,
  type LatencyHistogram,
  percentileMs,
  upperBoundMs,
} from './latency-histogram.js';

const of = (latencies: number[]) => {
  const histogram: LatencyHistogram = {};
  for (const ms of latencies) addLatency(histogram, ms);
  return histogram;
};

describe('latency histogram', () => {
  it('puts each latency in the bucket whose bound is at most 20% above it', () => {
    for (const ms of [1, 2, 7, 50, 333, 1200, 45_000]) {
      const bound = upperBoundMs(bucketOf(ms));
      expect(bound).toBeGreaterThanOrEqual(ms * 0.999);
      expect(bound).toBeLessThanOrEqual(ms * 1.2);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1e12)).toBe(bucketOf(1e11));
  });

  it('reads p50 and p95 within the bucket precision', () => {
    const histogram = of(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(percentileMs(histogram, 0.5)).toBeGreaterThanOrEqual(50);
    expect(percentileMs(histogram, 0.5)).toBeLessThanOrEqual(60);
    expect(percentileMs(histogram, 0.95)).toBeGreaterThanOrEqual(95);
    expect(percentileMs(histogram, 0.95)).toBeLessThanOrEqual(114);
    expect(percentileMs({}, 0.5)).toBeUndefined();
  });

  it('sees a slow tail that the median hides', () => {
    const histogram = of([...Array(90).fill(10), ...Array(10).fill(2000)]);
    expect(percentileMs(histogram, 0.5)).toBeLessThanOrEqual(12);
    expect(percentileMs(histogram, 0.95)).toBeGreaterThanOrEqual(2000);
  });

  it('adds up histograms as if their latencies were counted together', () => {
    const a = of([5, 10, 20]);
    addHistogram(a, of([10, 400]));
    expect(a).toEqual(of([5, 10, 20, 10, 400]));
  });
});
