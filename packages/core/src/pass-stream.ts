import { DONE, nextReady, type PassedStream, type StreamRead } from './ready-stream.js';
import type { StreamEvent } from './stream-event.js';

/** What a layer does to the stream it passes on (see `passStream`). Every hook is optional. */
export interface StreamStage {
  /**
   * Each event on its way: what goes on in its place (itself, mostly), or a promise of it for an
   * event the layer must wait on. Kept synchronous for content, a chunk costs no extra turn.
   */
  event?(event: StreamEvent): StreamEvent | Promise<StreamEvent>;
  /**
   * The source stopped before its `finish` or `error` event: throw to fail the stream (`fail`
   * gets the error), return to end it quietly.
   */
  end?(): void;
  /**
   * The source, or a hook, threw: the event to end the stream on. Without it, or when it throws,
   * the caller's read rejects with the error.
   */
  fail?(error: unknown): StreamEvent | Promise<StreamEvent>;
  /**
   * Runs once, when the stream is over and its source closed: after the caller read past the
   * last event or stopped reading (`early`, before the last event), or as it ends without one.
   */
  close?(early: boolean): void | Promise<void>;
}

const ignore = () => {};

/**
 * The stream a layer passes on, in the shape of the async generator it would otherwise write
 * (`for await` over the source, `yield`, `try`/`catch`/`finally`) at a fraction of the cost: a
 * chunk takes one `then` here instead of a generator's several promise hops, and none when the
 * source holds it already (`nextReady`, see `ReadyStream`) and the hook passes it on at once.
 * Like that generator, it ends after the first `finish` or `error` (closing the source when the
 * caller reads on or returns), and a call made while a read is under way waits for it.
 */
export function passStream(
  source: AsyncIterable<StreamEvent> | AsyncIterator<StreamEvent>,
  stage: StreamStage,
): PassedStream {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source;
  return new PassingStream(iterator, stage);
}

class PassingStream implements PassedStream {
  /** The read under way: a call meanwhile waits for it, as it would on an async generator. */
  private reading: Promise<StreamRead> | undefined;
  /** An event `nextReady` took from the source whose hook must be waited for (or threw). */
  private held: { passing: Promise<StreamEvent> } | { error: unknown } | undefined;
  /** `last` once the `finish` or `error` event went out. */
  private state: 'open' | 'last' | 'closed' = 'open';
  /** The source has ended: there is nothing to close. */
  private sourceDone = false;
  /** A read failed (an abort may have cut it short): the source's close is not waited for. */
  private readFailed = false;

  constructor(
    private readonly source: AsyncIterator<StreamEvent>,
    private readonly stage: StreamStage,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<StreamRead> {
    if (this.reading) return this.afterReading(() => this.next());
    if (this.held) return this.passHeld();
    if (this.state !== 'open') return this.close(false);
    this.reading = this.source.next().then(this.received, this.failed);
    return this.reading;
  }

  nextReady(): IteratorYieldResult<StreamEvent> | undefined {
    if (this.reading || this.held || this.state !== 'open') return undefined;
    const result = nextReady(this.source);
    if (!result || !this.stage.event) return result && this.passing(result);
    let passed: StreamEvent | Promise<StreamEvent>;
    try {
      passed = this.stage.event(result.value);
    } catch (error) {
      this.held = { error };
      return undefined;
    }
    if (passed instanceof Promise) {
      this.held = { passing: passed };
      return undefined;
    }
    return this.passing(passed === result.value ? result : { done: false, value: passed });
  }

  return(): Promise<StreamRead> {
    if (this.reading) return this.afterReading(() => this.return());
    // An event taken from the source is passed, as a generator's would be, before the stream ends.
    if (this.held) return this.passHeld().then(() => this.return());
    return this.close(this.state === 'open');
  }

  /** Ends the stream as `return` does, then rejects with `error`. */
  throw(error: unknown): Promise<StreamRead> {
    return this.return().then(() => Promise.reject(error));
  }

  /** Passes the event `nextReady` held back, as a read of the source would have. */
  private passHeld(): Promise<StreamRead> {
    const held = this.held!;
    this.held = undefined;
    const passing = 'passing' in held ? held.passing : Promise.reject(held.error);
    this.reading = passing.then(this.pass, this.fail);
    return this.reading;
  }

  private afterReading(call: () => Promise<StreamRead>): Promise<StreamRead> {
    return this.reading!.then(call, call);
  }

  private readonly received = (result: StreamRead): StreamRead | Promise<StreamRead> => {
    if (result.done) {
      this.sourceDone = true;
      return this.ended();
    }
    let passed: StreamEvent | Promise<StreamEvent> = result.value;
    if (this.stage.event) {
      try {
        passed = this.stage.event(result.value);
      } catch (error) {
        return this.fail(error);
      }
      if (passed instanceof Promise) return passed.then(this.pass, this.fail);
    }
    // An event passed as it came goes on in the source's own result: one object less a chunk.
    return passed === result.value ? this.passing(result) : this.pass(passed);
  };

  private readonly pass = (event: StreamEvent): StreamRead =>
    this.passing({ done: false, value: event });

  private passing(result: IteratorYieldResult<StreamEvent>): IteratorYieldResult<StreamEvent> {
    this.reading = undefined;
    const { type } = result.value;
    if (type === 'finish' || type === 'error') this.state = 'last';
    return result;
  }

  private async ended(): Promise<StreamRead> {
    try {
      this.stage.end?.();
    } catch (error) {
      return this.fail(error);
    }
    this.reading = undefined;
    return this.close(false);
  }

  private readonly failed = (error: unknown): Promise<StreamRead> => {
    this.readFailed = true;
    return this.fail(error);
  };

  private readonly fail = async (error: unknown): Promise<StreamRead> => {
    let last: StreamEvent;
    try {
      if (!this.stage.fail) throw error;
      last = await this.stage.fail(error);
    } catch (thrown) {
      this.reading = undefined;
      await this.close(false);
      throw thrown;
    }
    this.reading = undefined;
    this.state = 'last';
    return { done: false, value: last };
  };

  private async close(early: boolean): Promise<StreamRead> {
    if (this.state === 'closed') return DONE;
    this.state = 'closed';
    if (!this.sourceDone) {
      const closing = this.source.return && Promise.resolve(this.source.return()).catch(ignore);
      // A source whose read was cut short may still be reading: its close is not waited for.
      if (!this.readFailed) await closing;
    }
    await this.stage.close?.(early);
    return DONE;
  }
}
