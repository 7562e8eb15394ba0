import { type Clock, systemClock } from './clock.js';
import { StreamAccumulator } from './collect-stream.js';
import { defaultCatalog } from './default-catalog.js';
import { deferStream } from './defer-stream.js';
import { cancelledError, toLlmuxError } from './errors.js';
import { type IdGenerator, randomId } from './ids.js';
import type { LanguageModel } from './language-model.js';
import type { ModelCatalog } from './model-catalog.js';
import type { Observer, RequestSettings } from './observer.js';
import { passStream } from './pass-stream.js';
import { promptCacheSavings } from './prompt-cache-savings.js';
import type { GenerateRequest } from './request.js';
import { startRequestEvents } from './request-events.js';
import type { Trace } from './response.js';
import { isContentEvent } from './stream-event.js';
import type { Usage } from './usage.js';

export interface ObserveOptions {
  /** None: requests still get their ids and prompt-cache savings, and no event is built. */
  observer?: Observer;
  clock?: Clock;
  ids?: IdGenerator;
  /** Prices what prompt caching saved (`trace.promptCacheSavedUsd`). Default core's `defaultCatalog`. */
  catalog?: ModelCatalog;
}

/** The settings a request set, leaving out those it did not; undefined when it set none. */
const settingsOf = (request: GenerateRequest): RequestSettings | undefined => {
  let settings: Record<string, unknown> | undefined;
  for (const name of settingNames) {
    if (request[name] === undefined) continue;
    settings ??= {};
    settings[name] = request[name];
  }
  return settings as RequestSettings | undefined;
};

const settingNames = [
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'stopSequences',
  'seed',
  'frequencyPenalty',
  'presencePenalty',
] as const satisfies ReadonlyArray<keyof RequestSettings>;

/**
 * The outermost layer: gives each request an id (unless it has one), puts on each answer what
 * the provider's prompt cache saved (`trace.promptCacheSavedUsd`, unless a layer below has), and
 * reports a `request-start` and a `request-end` event with the full request record.
 */
export function observe(model: LanguageModel, options: ObserveOptions): LanguageModel {
  const { observer, clock = systemClock, ids = randomId, catalog = defaultCatalog } = options;

  /**
   * Only an answer that read or wrote the prompt cache has savings to tell; a cache hit made no
   * call, and a model without a price cannot tell them.
   */
  const withSavings = (
    trace: Trace,
    answered: { provider: string; model: string },
    usage: Usage,
  ) => {
    const cached = usage.cacheReadTokens > 0 || usage.cacheWriteTokens > 0;
    if (!cached || trace.promptCacheSavedUsd !== undefined || trace.cacheHit) return trace;
    const pricing = catalog.get(answered.provider, answered.model)?.pricing;
    if (!pricing) return trace;
    try {
      return { ...trace, promptCacheSavedUsd: promptCacheSavings(usage, pricing) };
    } catch {
      // A malformed count cannot be priced; observing must not fail the answer for it.
      return trace;
    }
  };

  const context = { observer, clock, ids };
  /** A request's events, and the request as sent on, with its id. */
  const begin = (request: GenerateRequest, streamed: boolean) => {
    const call = startRequestEvents(context, request.metadata, {
      streamed,
      operation: 'generate',
      settings: observer && (() => settingsOf(request)),
    });
    return { call, sent: { ...request, metadata: call.metadata } };
  };

  return {
    provider: model.provider,
    modelId: model.modelId,
    ...(model.countTokens && { countTokens: (request) => model.countTokens!(request) }),
    async generate(request) {
      const { call, sent } = begin(request, false);
      try {
        const answer = await model.generate(sent);
        const trace = withSavings(answer.trace, answer, answer.usage);
        const response = trace === answer.trace ? answer : { ...answer, trace };
        call.end({ response });
        return response;
      } catch (error) {
        call.end({ error });
        throw toLlmuxError(error);
      }
    },
    stream: (request) =>
      deferStream(() => {
        const { call, sent } = begin(request, true);
        const accumulator = new StreamAccumulator();
        let timeToFirstTokenMs: number | undefined;
        let answered: { provider: string; model: string } | undefined;
        return passStream(model.stream(sent), {
          event(received) {
            if (received.type === 'start') answered = received;
            let event = received;
            if (received.type === 'finish' && answered) {
              const trace = withSavings(received.trace, answered, received.usage);
              if (trace !== received.trace) event = { ...received, trace };
            }
            if (call.startedAt !== undefined && timeToFirstTokenMs === undefined) {
              if (isContentEvent(event)) timeToFirstTokenMs = clock.now() - call.startedAt;
            }
            accumulator.push(event);
            return event;
          },
          fail(error) {
            accumulator.push({ type: 'error', error: toLlmuxError(error) });
            throw error;
          },
          // A caller may stop reading as soon as it sees the last event (collectStream does):
          // the stream has ended by then, so that is no cancellation.
          close(early) {
            if (early) {
              call.end({
                error: cancelledError(request.signal, model.provider),
                timeToFirstTokenMs,
              });
              return;
            }
            try {
              call.end({ response: accumulator.response(), timeToFirstTokenMs });
            } catch (error) {
              call.end({ error, timeToFirstTokenMs });
            }
          },
        });
      }),
  };
}
