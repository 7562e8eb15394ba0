import {
  type Clock,
  cancelledError,
  collectStream,
  defaultCatalog,
  type ErrorKind,
  type GenerateRequest,
  type GenerateResponse,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
  type StreamEvent,
  systemClock,
  type Usage,
} from '@llmux/core';

/** What a mock model does with one call. */
export interface MockOutcome {
  text?: string;
  toolCalls?: Array<{ id?: string; name: string; arguments: Record<string, unknown> }>;
  usage?: Partial<Usage>;
  /** Waits this long on the clock before answering (before the first chunk of a stream). */
  delayMs?: number;
  /** Waits this long on the clock between stream chunks. */
  chunkDelayMs?: number;
  /** Text chunk size of a stream, in characters. */
  chunkSize?: number;
  /** Fails with this error (or a retryable-by-kind error of this kind). */
  error?: LlmuxError | ErrorKind;
  /** Streams only: fail after this many text chunks have been sent, rather than before any. */
  errorAfterChunks?: number;
  /** Never answers; only an abort ends the call. */
  hang?: boolean;
}

export type MockScript = MockOutcome | ((request: GenerateRequest, call: number) => MockOutcome);

export interface MockModelOptions {
  provider?: string;
  modelId?: string;
  clock?: Clock;
  /** What calls do once the queue is empty; by default they echo the last user message. */
  script?: MockScript;
  catalog?: ModelCatalog;
}

export interface MockModel extends LanguageModel {
  /** Every request received, in order. */
  readonly calls: GenerateRequest[];
  /** Outcomes for the next calls, taken in order before the script applies. */
  enqueue(...outcomes: MockOutcome[]): void;
  setScript(script: MockScript): void;
}

const lastUserText = (request: GenerateRequest): string => {
  const last = request.messages.findLast((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
};

const toError = (error: LlmuxError | ErrorKind, provider: string, model: string) =>
  typeof error === 'string'
    ? new LlmuxError({ kind: error, message: `mock ${error}`, provider, model })
    : error;

/**
 * An in-process `LanguageModel` that follows a script on an injected clock: for testing layers
 * (router, failover, quotas, cache) without HTTP. Provider behaviour over HTTP is the simulators'.
 */
export function createMockModel(options: MockModelOptions = {}): MockModel {
  const {
    provider = 'mock',
    modelId = 'mock-model',
    clock = systemClock,
    catalog = defaultCatalog,
  } = options;
  let script: MockScript = options.script ?? {};
  const queue: MockOutcome[] = [];
  const calls: GenerateRequest[] = [];

  const next = (request: GenerateRequest): MockOutcome => {
    calls.push(request);
    const queued = queue.shift();
    if (queued) return queued;
    return typeof script === 'function' ? script(request, calls.length) : script;
  };

  const usageOf = (request: GenerateRequest, outcome: MockOutcome, text: string): Usage => ({
    inputTokens: Math.ceil(JSON.stringify(request.messages).length / 4),
    outputTokens: Math.ceil(text.length / 4),
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    ...outcome.usage,
  });

  const costOf = (usage: Usage) =>
    catalog.get(provider, modelId) ? catalog.costOf(usage, provider, modelId) : 0;

  const wait = async (ms: number | undefined, signal?: AbortSignal) => {
    try {
      if (ms) await clock.sleep(ms, signal);
      if (signal?.aborted) throw signal.reason;
    } catch {
      throw cancelledError(signal, provider);
    }
  };

  const hang = (signal?: AbortSignal) =>
    new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(cancelledError(signal, provider));
      signal?.addEventListener('abort', () => reject(cancelledError(signal, provider)), {
        once: true,
      });
    });

  async function* stream(request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const outcome = next(request);
    const startedAt = clock.now();
    try {
      if (outcome.hang) await hang(request.signal);
      await wait(outcome.delayMs, request.signal);
      if (outcome.error && outcome.errorAfterChunks === undefined) {
        throw toError(outcome.error, provider, modelId);
      }
      const id = `mock-${calls.length}`;
      yield { type: 'start', id, provider, model: modelId, warnings: [] };
      const text = outcome.text ?? (outcome.toolCalls ? '' : `Echo: ${lastUserText(request)}`);
      const size = outcome.chunkSize ?? 8;
      let firstTokenAt: number | undefined;
      for (let i = 0, sent = 0; i < text.length; i += size, sent++) {
        if (outcome.error && sent === outcome.errorAfterChunks) {
          throw toError(outcome.error, provider, modelId);
        }
        if (sent > 0) await wait(outcome.chunkDelayMs, request.signal);
        firstTokenAt ??= clock.now();
        yield { type: 'text-delta', delta: text.slice(i, i + size) };
      }
      if (outcome.error) throw toError(outcome.error, provider, modelId);
      for (const [index, call] of (outcome.toolCalls ?? []).entries()) {
        const toolCallId = call.id ?? `call-${index}`;
        firstTokenAt ??= clock.now();
        yield {
          type: 'tool-call-delta',
          toolCallId,
          toolName: call.name,
          argumentsDelta: JSON.stringify(call.arguments),
        };
        yield { type: 'tool-call', toolCallId, toolName: call.name, arguments: call.arguments };
      }
      const usage = usageOf(request, outcome, text);
      yield {
        type: 'finish',
        finishReason: outcome.toolCalls?.length
          ? { unified: 'tool-calls', raw: 'tool_calls' }
          : { unified: 'stop', raw: 'stop' },
        usage,
        costUsd: costOf(usage),
        latencyMs: clock.now() - startedAt,
        timeToFirstTokenMs: firstTokenAt === undefined ? undefined : firstTokenAt - startedAt,
        trace: { attempts: [] },
      };
    } catch (error) {
      yield {
        type: 'error',
        error: LlmuxError.isInstance(error)
          ? error
          : new LlmuxError({
              kind: 'server_error',
              message: String(error),
              provider,
              model: modelId,
            }),
      };
    }
  }

  return {
    provider,
    modelId,
    calls,
    enqueue: (...outcomes) => queue.push(...outcomes),
    setScript: (value) => {
      script = value;
    },
    stream,
    generate: (request): Promise<GenerateResponse> => collectStream(stream(request)),
  };
}
