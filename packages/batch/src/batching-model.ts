import {
  cancelledError,
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  responseToStream,
  type StreamEvent,
  startTimer,
  toLlmuxError,
} from '@llmux/core';
import { emitBatch } from './batch-events.js';
import { type BatchingOptions, resolveBatchingOptions } from './batching-options.js';

/** A request waiting to be sent, and its caller. */
interface Waiting {
  request: GenerateRequest;
  resolve(response: GenerateResponse): void;
  reject(error: unknown): void;
}

/**
 * A `LanguageModel` that collects the requests that can wait into batch jobs, at batch prices,
 * and sends the others to `model` at once. A request can wait when its `metadata.priority` is
 * `'batch'`, or, without a priority, when its `deadlineAt` is at least `minDeadlineMs` away.
 * Collected requests go out together `maxWaitMs` after the first (at once at `maxBatchSize`): as
 * one job when there are at least `minBatchSize`, else live. `generate` of a collected request
 * resolves when its batch answer arrives; its `stream` replays that answer.
 */
export function createBatchingModel(model: LanguageModel, options: BatchingOptions): LanguageModel {
  const { manager, minBatchSize, maxBatchSize, maxWaitMs, minDeadlineMs, clock, observer } =
    resolveBatchingOptions(options);
  let waiting: Waiting[] = [];
  let stopTimer: (() => void) | undefined;

  const canWait = (request: GenerateRequest): boolean => {
    const priority = request?.metadata?.priority;
    if (priority !== undefined) return priority === 'batch';
    const { deadlineAt } = request ?? {};
    return deadlineAt !== undefined && deadlineAt - clock.now() >= minDeadlineMs;
  };

  const live = (entry: Waiting) => model.generate(entry.request).then(entry.resolve, entry.reject);

  async function send(entries: Waiting[]): Promise<void> {
    if (entries.length < minBatchSize) {
      emitBatch(observer, {
        type: 'batch-collected',
        items: entries.length,
        to: 'live',
        at: clock.now(),
      });
      await Promise.all(entries.map(live));
      return;
    }
    let jobId: string;
    try {
      const items = entries.map((entry, index) => ({ id: String(index), request: entry.request }));
      ({ id: jobId } = await manager.submit({ items }));
    } catch (error) {
      for (const entry of entries) entry.reject(toLlmuxError(error));
      return;
    }
    emitBatch(observer, {
      type: 'batch-collected',
      items: entries.length,
      to: 'job',
      jobId,
      at: clock.now(),
    });
    await Promise.all(
      entries.map(async (entry, index) => {
        try {
          const signal = entry.request.signal;
          const outcome = await manager.outcome(jobId, String(index), signal ? { signal } : {});
          if (outcome.ok) entry.resolve(outcome.response);
          else entry.reject(outcome.error);
        } catch (error) {
          entry.reject(toLlmuxError(error));
        }
      }),
    );
  }

  function flush(): void {
    stopTimer?.();
    stopTimer = undefined;
    const entries = waiting;
    waiting = [];
    if (entries.length > 0) void send(entries);
  }

  function collect(request: GenerateRequest): Promise<GenerateResponse> {
    return new Promise((resolve, reject) => {
      const { signal } = request;
      if (signal?.aborted) return reject(cancelledError(signal));
      const entry: Waiting = { request, resolve, reject };
      // A caller that leaves while its request waits takes it out; once sent, it runs on.
      signal?.addEventListener(
        'abort',
        () => {
          if (!waiting.includes(entry)) return;
          waiting = waiting.filter((other) => other !== entry);
          reject(cancelledError(signal));
        },
        { once: true },
      );
      waiting.push(entry);
      if (waiting.length >= maxBatchSize) flush();
      else stopTimer ??= startTimer(clock, maxWaitMs, flush);
    });
  }

  async function* replay(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    try {
      yield* responseToStream(await collect(request));
    } catch (error) {
      yield { type: 'error', error: toLlmuxError(error) };
    }
  }

  return {
    provider: model.provider,
    modelId: model.modelId,
    generate: (request) => (canWait(request) ? collect(request) : model.generate(request)),
    stream: (request) => (canWait(request) ? replay(request) : model.stream(request)),
    ...(model.countTokens && { countTokens: model.countTokens.bind(model) }),
  };
}
