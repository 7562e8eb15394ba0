import {
  type AttemptRecord,
  type GenerateRequest,
  type LanguageModel,
  LlmuxError,
  textOf,
} from '@llmux/core';

/** How one request of the workload ended, as its caller saw it. */
export interface Outcome {
  index: number;
  streamed: boolean;
  ok: boolean;
  /** Wall time from the call to its answer (a stream: to its last event). */
  wallMs: number;
  /** The attempts the response's trace or the error reported. */
  attempts: AttemptRecord[];
  /** What the call threw or the stream's `error` event held: an `LlmuxError`, if all is well. */
  error?: unknown;
  /** Text that reached the caller (a stream that failed after content has some). */
  text: string;
  /** Stream events other than the one `start` and the one `finish` or `error` they must have. */
  malformed?: string;
}

export interface WorkItem {
  request: GenerateRequest;
  streamed: boolean;
}

async function runOne(model: LanguageModel, item: WorkItem, index: number): Promise<Outcome> {
  const startedAt = performance.now();
  const done = (rest: Omit<Outcome, 'index' | 'streamed' | 'wallMs'>): Outcome => ({
    index,
    streamed: item.streamed,
    wallMs: performance.now() - startedAt,
    ...rest,
  });
  if (!item.streamed) {
    try {
      const response = await model.generate(item.request);
      return done({ ok: true, attempts: response.trace.attempts, text: textOf(response) });
    } catch (error) {
      const attempts = (LlmuxError.isInstance(error) && error.attempts) || [];
      return done({ ok: false, attempts, error, text: '' });
    }
  }
  let text = '';
  let starts = 0;
  let last: Outcome | undefined;
  try {
    for await (const event of model.stream(item.request)) {
      if (last) return { ...last, malformed: `${event.type} after the last event` };
      if (event.type === 'start') starts++;
      if (event.type === 'text-delta') text += event.delta;
      if (event.type === 'finish') last = done({ ok: true, attempts: event.trace.attempts, text });
      if (event.type === 'error') {
        last = done({ ok: false, attempts: event.error.attempts ?? [], error: event.error, text });
      }
    }
  } catch (error) {
    // A stream reports its failure as an `error` event; throwing is a bug.
    return done({ ok: false, attempts: [], error, text, malformed: 'threw' });
  }
  if (!last)
    return done({ ok: false, attempts: [], text, malformed: 'ended without a last event' });
  const startsOk = last.ok ? starts === 1 : starts <= 1;
  return startsOk ? last : { ...last, malformed: `${starts} start events` };
}

/**
 * Runs `items` through `model`, `concurrency` at a time, in order of index. `beforeDispatch` runs
 * as request `index` is about to start, to change the world mid-run (an outage, say); `around`
 * wraps each request's run (to give it an async context, say).
 */
export async function runWorkload(
  model: LanguageModel,
  items: WorkItem[],
  options: {
    concurrency: number;
    beforeDispatch?: (index: number) => void;
    around?: (index: number, run: () => Promise<Outcome>) => Promise<Outcome>;
  },
): Promise<Outcome[]> {
  const { beforeDispatch, around = (_, run) => run() } = options;
  const outcomes: Outcome[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      beforeDispatch?.(index);
      outcomes[index] = await around(index, () => runOne(model, items[index]!, index));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}
