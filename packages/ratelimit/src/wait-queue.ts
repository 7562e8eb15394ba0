import { type Clock, raceAbort } from '@llmux/core';

interface Waiter {
  turn: () => void;
}

/**
 * First come, first served lines of calls waiting for room, one line per tenant so one tenant's
 * exhausted quota never holds up another's calls. A call joins once refused (or when others are
 * in line already); only the head of a line asks the store, the others wait their turn. Fair
 * within one process: across processes, whoever asks first wins.
 */
export class WaitQueue {
  private readonly lines = new Map<string, Waiter[]>();
  /** When each line's head will ask the store again. */
  private readonly nextTry = new Map<string, number>();
  private readonly sleepers = new Set<AbortController>();

  constructor(private readonly clock: Clock) {}

  /** Calls in a line, the head included. */
  length(line: string): number {
    return this.lines.get(line)?.length ?? 0;
  }

  /** When the head of a line will next ask the store, if it is waiting. */
  nextTryAt(line: string): number | undefined {
    return this.nextTry.get(line);
  }

  /** Enters `line` as its head when no call is in it, at once; undefined when calls are. */
  enterIfEmpty(line: string): (() => void) | undefined {
    return this.length(line) === 0 ? this.join(line).leave : undefined;
  }

  /**
   * Waits until every call ahead in `line` has left, then returns the function that leaves the
   * line. Rejects with the signal's reason if it aborts first (and leaves the line).
   */
  async enter(line: string, signal: AbortSignal): Promise<() => void> {
    const { leave, myTurn, head } = this.join(line);
    if (head) return leave;
    try {
      await raceAbort(myTurn, signal);
    } catch (error) {
      leave();
      throw error;
    }
    return leave;
  }

  /** Adds a call to the end of `line`: its turn comes once the calls ahead have left. */
  private join(line: string): { leave: () => void; myTurn: Promise<void>; head: boolean } {
    const waiters = this.lines.get(line) ?? [];
    this.lines.set(line, waiters);
    let turn!: () => void;
    const myTurn = new Promise<void>((resolve) => {
      turn = resolve;
    });
    const waiter: Waiter = { turn };
    waiters.push(waiter);
    const leave = () => {
      const index = waiters.indexOf(waiter);
      if (index < 0) return;
      waiters.splice(index, 1);
      if (index === 0) {
        this.nextTry.delete(line);
        waiters[0]?.turn();
      }
      if (waiters.length === 0 && this.lines.get(line) === waiters) this.lines.delete(line);
    };
    return { leave, myTurn, head: waiters.length === 1 };
  }

  /** The head of `line` sleeps `ms`, or less if `wake()` is called; rejects if `signal` aborts. */
  async sleep(line: string, ms: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController();
    this.sleepers.add(wake);
    this.nextTry.set(line, this.clock.now() + ms);
    try {
      await this.clock.sleep(ms, AbortSignal.any([signal, wake.signal]));
    } catch (error) {
      if (signal.aborted || !wake.signal.aborted) throw error;
    } finally {
      this.sleepers.delete(wake);
      this.nextTry.delete(line);
    }
  }

  /** Cuts every sleep short: room was freed in this process (a call ended). */
  wake(): void {
    for (const sleeper of this.sleepers) sleeper.abort();
  }
}
