import { type Clock, cancelledError, LlmuxError } from '@llmux/core';
import { Watchdog } from './watchdog.js';

const ignore = () => {};

/**
 * The lifetime of a request or of one attempt: an abort signal to pass down to the SDK call,
 * linked to a parent (the caller's signal, or the request for an attempt), with one timeout.
 * It remembers why it was aborted as an `LlmuxError`, and `close()` releases every listener and
 * timer it holds.
 */
export class AbortScope {
  /** Made when the signal is first asked for: a request's own scope seldom needs one. */
  private controller: AbortController | undefined;
  /** Made by the first `timeout`: a request's scope without a deadline needs none. */
  private watchdog: Watchdog | undefined;
  private timeoutReason: (() => LlmuxError) | undefined;
  private abortReason: LlmuxError | undefined;
  private fromParent = false;
  /** Removes the listener on the caller's signal (a request's scope). */
  private release = ignore;
  /** The scope this one is a child of, while both are live. */
  private parent: AbortScope | undefined;
  /** Live children, aborted with this scope: kept here, where a listener each would cost more. */
  private children: AbortScope[] | undefined;
  /** Rejects what `race` is waiting on: called by `abort`, where a listener would cost more. */
  private racers: Array<(reason: LlmuxError) => void> | undefined;

  private constructor(private readonly clock: Clock) {}

  /**
   * A request's scope, aborted when the caller's signal aborts: with the caller's reason when it
   * is an `LlmuxError` (a gateway's deadline, or its shutdown), else with a `cancelled` error.
   */
  static root(clock: Clock, signal: AbortSignal | undefined): AbortScope {
    const scope = new AbortScope(clock);
    if (!signal) return scope;
    const onAbort = () =>
      scope.abortFromParent(
        LlmuxError.isInstance(signal.reason) ? signal.reason : cancelledError(signal),
      );
    if (signal.aborted) {
      onAbort();
      return scope;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    scope.release = () => signal.removeEventListener('abort', onAbort);
    return scope;
  }

  /** A scope that ends when this one does, for the same reason. */
  child(): AbortScope {
    const child = new AbortScope(this.clock);
    if (this.abortReason) {
      child.abortFromParent(this.abortReason);
    } else {
      child.parent = this;
      this.children ??= [];
      this.children.push(child);
    }
    return child;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortReason !== undefined;
  }

  get reason(): LlmuxError | undefined {
    return this.abortReason;
  }

  /** Whether the abort came from the parent (the caller, or the request's deadline). */
  get abortedByParent(): boolean {
    return this.fromParent;
  }

  abort(reason: LlmuxError): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.watchdog?.close();
    const children = this.children;
    this.children = undefined;
    if (children) for (const child of children) child.abortFromParent(reason);
    this.controller?.abort(reason);
    const racers = this.racers;
    this.racers = undefined;
    if (racers) for (const reject of racers) reject(reason);
  }

  private abortFromParent(reason: LlmuxError): void {
    this.parent = undefined;
    this.fromParent = true;
    this.abort(reason);
  }

  /** Aborts with `reason()` after `ms`, unless re-armed, cleared or closed first. */
  timeout(ms: number | undefined, reason: () => LlmuxError): void {
    if (ms === undefined) return;
    this.timeoutReason = reason;
    this.watchdog ??= new Watchdog(this.clock, () => this.abort(this.timeoutReason!()));
    this.watchdog.arm(ms);
  }

  clearTimeout(): void {
    this.watchdog?.disarm();
  }

  /** Settles as `promise` does, or rejects with the abort reason as soon as the scope aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { abortReason } = this;
      if (abortReason) reject(abortReason);
      else {
        this.racers ??= [];
        this.racers.push(reject);
      }
      const done = () => {
        const index = this.racers?.indexOf(reject) ?? -1;
        if (index >= 0) this.racers!.splice(index, 1);
      };
      promise.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }

  /** Waits on the clock; rejects with the abort reason if the scope aborts first. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.signal).catch(() => {
      throw this.abortReason;
    });
  }

  close(): void {
    this.watchdog?.close();
    this.release();
    const siblings = this.parent?.children;
    this.parent = undefined;
    const index = siblings?.indexOf(this) ?? -1;
    if (index >= 0) siblings!.splice(index, 1);
  }
}
