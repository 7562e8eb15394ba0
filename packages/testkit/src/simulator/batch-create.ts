import { approximateTokens } from '@llmux/core';
import { batchSettings } from './batch-behavior.js';
import { hasEnded, type SimBatch, type SimBatchItem, viewBatch } from './batch-timeline.js';
import type { SimulatorContext } from './context.js';
import { defaultErrorMessage } from './faults.js';
import { resolveReply } from './reply.js';
import { type SimRequest, SimulatorRequestError } from './types.js';

export interface NewBatch<Data> {
  id: string;
  model: string;
  /** The provider's completion window: 24 hours, Gemini's 48. */
  windowMs: number;
  /** Each item's parser: it throws `SimulatorRequestError` for a request the API refuses. */
  items: Array<() => SimRequest>;
  data: Data;
  /** Whether the batch fails validation as a whole (input the provider refuses). */
  failsValidation?: boolean;
  onEnded?: SimBatch<Data>['onEnded'];
}

/** Whether item `index` is one of the evenly spread `share` of the items that fail. */
const failsAt = (index: number, share: number) =>
  Math.floor((index + 1) * share) > Math.floor(index * share);

/**
 * A batch as the simulator processes it, on the behaviour in force now: each item is answered
 * the way the same single call would be (the scripted reply or the echo, its usage with what the
 * prompt cache reads and writes), refused as the API refuses that request, or failed by
 * `batch.failureShare`. Processing starts after `queueMs` and answers the items evenly over
 * `processingMs`.
 */
export function createSimBatch<Data>(
  context: SimulatorContext,
  spec: NewBatch<Data>,
): SimBatch<Data> {
  const settings = batchSettings(context.behavior.batch);
  const createdAt = context.clock.now();
  const startsAt = createdAt + settings.queueMs;
  const count = spec.items.length;
  let promptTokens = 0;
  const items = spec.items.map((parse, index): SimBatchItem => {
    const doneAt = startsAt + Math.round((settings.processingMs * (index + 1)) / count);
    const status = settings.failureStatus;
    try {
      const request = parse();
      promptTokens += approximateTokens(request.promptText);
      if (failsAt(index, settings.failureShare)) {
        return {
          request,
          outcome: { ok: false, status, message: defaultErrorMessage(status) },
          doneAt,
        };
      }
      const reply = resolveReply(request, context.behavior.reply, {
        newId: context.newId,
        chunkSize: context.behavior.chunkSize,
        cached: context.promptCache?.use(request) ?? {},
      });
      return { request, outcome: { ok: true, reply }, doneAt };
    } catch (error) {
      if (!(error instanceof SimulatorRequestError)) throw error;
      return { outcome: { ok: false, status: error.status, message: error.message }, doneAt };
    }
  });
  return {
    id: spec.id,
    model: spec.model,
    createdAt,
    startsAt,
    finishesAt: startsAt + (count > 0 ? settings.processingMs : 0),
    expiresAt: createdAt + spec.windowMs,
    finalizingMs: settings.finalizingMs,
    cancellingMs: settings.cancellingMs,
    failsValidation: spec.failsValidation ?? false,
    items,
    promptTokens,
    data: spec.data,
    onEnded: spec.onEnded,
  };
}

/**
 * Whether the batch's prompt tokens, with those of the same model's batches still queued or
 * running, exceed `batch.enqueuedTokenLimit`.
 */
export function exceedsEnqueuedLimit(context: SimulatorContext, batch: SimBatch): boolean {
  const limit = batchSettings(context.behavior.batch).enqueuedTokenLimit;
  if (limit === undefined) return false;
  const now = context.clock.now();
  const enqueued = context.batches
    .list()
    .filter((other) => other.model === batch.model && !other.failsValidation)
    .filter((other) => !hasEnded(viewBatch(other, now)))
    .reduce((sum, other) => sum + other.promptTokens, 0);
  return enqueued + batch.promptTokens > limit;
}
