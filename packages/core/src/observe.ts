import { type Clock, systemClock } from './clock.js';
import { StreamAccumulator } from './collect-stream.js';
import { cancelledError, toLlmuxError } from './errors.js';
import { type IdGenerator, randomId } from './ids.js';
import type { LanguageModel } from './language-model.js';
import { emit, type Observer } from './observer.js';
import type { GenerateRequest } from './request.js';
import { buildRequestRecord } from './request-record.js';
import type { GenerateResponse } from './response.js';
import { isContentEvent, type StreamEvent } from './stream-event.js';

export interface ObserveOptions {
  observer: Observer;
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * The outermost layer: gives each request an id (unless it has one), and reports a
 * `request-start` and a `request-end` event with the full request record.
 */
export function observe(model: LanguageModel, options: ObserveOptions): LanguageModel {
  const { observer, clock = systemClock, ids = randomId } = options;

  const begin = (request: GenerateRequest, streamed: boolean) => {
    const requestId = request.metadata?.requestId ?? ids();
    const metadata = { ...request.metadata, requestId };
    const startedAt = clock.now();
    emit(observer, { type: 'request-start', requestId, at: startedAt, streamed, metadata });
    const end = (outcome: {
      response?: GenerateResponse;
      error?: unknown;
      timeToFirstTokenMs?: number;
    }) =>
      emit(observer, {
        type: 'request-end',
        record: buildRequestRecord({
          requestId,
          startedAt,
          latencyMs: clock.now() - startedAt,
          streamed,
          metadata,
          ...outcome,
        }),
      });
    return { request: { ...request, metadata }, startedAt, end };
  };

  return {
    provider: model.provider,
    modelId: model.modelId,
    ...(model.countTokens && { countTokens: (request) => model.countTokens!(request) }),
    async generate(request) {
      const call = begin(request, false);
      try {
        const response = await model.generate(call.request);
        call.end({ response });
        return response;
      } catch (error) {
        call.end({ error });
        throw toLlmuxError(error);
      }
    },
    async *stream(request): AsyncGenerator<StreamEvent> {
      const call = begin(request, true);
      const accumulator = new StreamAccumulator();
      let timeToFirstTokenMs: number | undefined;
      let stoppedByCaller = true;
      try {
        for await (const event of model.stream(call.request)) {
          if (timeToFirstTokenMs === undefined && isContentEvent(event)) {
            timeToFirstTokenMs = clock.now() - call.startedAt;
          }
          accumulator.push(event);
          // A caller may stop reading as soon as it sees the last event (collectStream does):
          // the stream has ended by then, so that is no cancellation.
          const last = event.type === 'finish' || event.type === 'error';
          if (last) stoppedByCaller = false;
          yield event;
          if (last) break;
        }
        stoppedByCaller = false;
      } catch (error) {
        stoppedByCaller = false;
        accumulator.push({ type: 'error', error: toLlmuxError(error) });
        throw error;
      } finally {
        if (stoppedByCaller) {
          call.end({ error: cancelledError(request.signal, model.provider), timeToFirstTokenMs });
        } else {
          try {
            call.end({ response: accumulator.response(), timeToFirstTokenMs });
          } catch (error) {
            call.end({ error, timeToFirstTokenMs });
          }
        }
      }
    },
  };
}
