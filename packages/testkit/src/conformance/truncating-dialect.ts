import type { SimulatorDialect, SseFrame } from '../simulator/types.js';

/**
 * The frames up to, not including, the last content frame: the answer stops part-way, and every
 * frame that would have closed it (finish reason, usage, end marker) is gone.
 */
const withoutEnding = (frames: SseFrame[]): SseFrame[] =>
  frames.slice(
    0,
    frames.findLastIndex((frame) => frame.content),
  );

/**
 * A dialect that, while `truncating` is on, ends each stream cleanly (no error, no broken
 * connection) before its last content frame: a stream that stops without its final event, which
 * an adapter must report as an error, never as a finish.
 */
export function createTruncatingDialect(dialect: SimulatorDialect) {
  let truncating = false;
  const wrapped: SimulatorDialect = {
    ...dialect,
    streamFrames(reply, request) {
      const frames = dialect.streamFrames(reply, request);
      return truncating ? withoutEnding(frames) : frames;
    },
    get doneFrame() {
      return truncating ? undefined : dialect.doneFrame;
    },
  };
  return {
    dialect: wrapped,
    set truncating(on: boolean) {
      truncating = on;
    },
  };
}
