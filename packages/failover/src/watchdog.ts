import type { Clock } from '@llmux/core';

/** Ends a sleep no one waits on; given a reason, `abort` need not build a DOMException. */
const stopped = Symbol('watchdog stopped');

/**
 * A deadline on the injected clock that can be moved cheaply. Moving it later (as an idle timer
 * does on every stream chunk) keeps the one pending sleep and re-sleeps for the remainder when it
 * wakes; only an earlier deadline replaces the sleep. `close()` cancels it, so nothing is left.
 */
export class Watchdog {
  private deadline = Number.POSITIVE_INFINITY;
  private timer: { at: number; controller: AbortController } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: () => void,
  ) {}

  /** Expires `ms` from now unless re-armed or disarmed first. */
  arm(ms: number): void {
    this.deadline = this.clock.now() + ms;
    if (!this.timer || this.timer.at > this.deadline) this.schedule();
  }

  /** Stops expiry; the pending sleep, if any, lapses harmlessly or is reused by the next `arm`. */
  disarm(): void {
    this.deadline = Number.POSITIVE_INFINITY;
  }

  close(): void {
    this.disarm();
    this.timer?.controller.abort(stopped);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer?.controller.abort(stopped);
    const controller = new AbortController();
    const at = this.deadline;
    this.timer = { at, controller };
    this.clock.sleep(at - this.clock.now(), controller.signal).then(
      () => {
        if (controller.signal.aborted) return;
        this.timer = undefined;
        if (this.clock.now() >= this.deadline) this.onExpire();
        else if (this.deadline !== Number.POSITIVE_INFINITY) this.schedule();
      },
      () => {},
    );
  }
}
