import { type Clock, startTimer } from '@llmux/core';

/**
 * A deadline on the injected clock that can be moved cheaply. Moving it later (as an idle timer
 * does on every stream chunk) keeps the one pending timer and sets another for the remainder when
 * it fires; only an earlier deadline replaces the timer. `close()` cancels it, so nothing is left.
 */
export class Watchdog {
  private deadline = Number.POSITIVE_INFINITY;
  private timer: { at: number; cancel: () => void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: () => void,
  ) {}

  /** Expires `ms` from now unless re-armed or disarmed first. */
  arm(ms: number): void {
    this.deadline = this.clock.now() + ms;
    if (!this.timer || this.timer.at > this.deadline) this.schedule();
  }

  /** Stops expiry; the pending timer, if any, lapses harmlessly or is reused by the next `arm`. */
  disarm(): void {
    this.deadline = Number.POSITIVE_INFINITY;
  }

  close(): void {
    this.disarm();
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer?.cancel();
    const at = this.deadline;
    const timer = {
      at,
      cancel: startTimer(this.clock, at - this.clock.now(), () => {
        if (this.timer !== timer) return;
        this.timer = undefined;
        if (this.clock.now() >= this.deadline) this.onExpire();
        else if (this.deadline !== Number.POSITIVE_INFINITY) this.schedule();
      }),
    };
    this.timer = timer;
  }
}
