import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Watches the event loop's delay until `stop()`, which returns its p99 and max in ms. Client and
 * simulators share one event loop: its stalls time calls out, so a chaos report shows them.
 */
export function watchLoopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop(): { p99: number; max: number } {
      histogram.disable();
      return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
    },
  };
}
