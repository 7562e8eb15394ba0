import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';

/**
 * The process's CPU time (`process.cpu.time`, by `cpu.mode`), resident memory
 * (`process.memory.usage`) and event-loop delay (`nodejs.eventloop.delay.*`, seconds), by the
 * semantic conventions' names, read at each collection. Returns the stop of the delay monitor.
 */
export function observeProcess(meter: Meter): () => void {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  meter
    .createObservableCounter('process.cpu.time', { description: 'CPU time used.', unit: 's' })
    .addCallback((result) => {
      const { user, system } = process.cpuUsage();
      result.observe(user / 1e6, { 'cpu.mode': 'user' });
      result.observe(system / 1e6, { 'cpu.mode': 'system' });
    });
  meter
    .createObservableUpDownCounter('process.memory.usage', {
      description: 'Resident memory of the process.',
      unit: 'By',
    })
    .addCallback((result) => result.observe(process.memoryUsage.rss()));
  const gauge = (name: string, read: () => number) =>
    meter
      .createObservableGauge(`nodejs.eventloop.delay.${name}`, { unit: 's' })
      // The monitor reads nanoseconds; NaN until it has a sample.
      .addCallback((result) => {
        const value = read();
        if (Number.isFinite(value)) result.observe(value / 1e9);
      });
  gauge('mean', () => delay.mean);
  gauge('max', () => delay.max);
  gauge('p99', () => delay.percentile(99));
  return () => delay.disable();
}
