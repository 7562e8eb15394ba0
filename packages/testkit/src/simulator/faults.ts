import { LlmuxError } from '@llmux/core';
import type { SimRequest } from './types.js';

/** A way for one call to fail. */
export type Fault =
  | {
      type: 'status';
      status: number;
      message?: string;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
    }
  | { type: 'rate-limit'; retryAfterSeconds?: number }
  | { type: 'overloaded' }
  /** Never answers; the server drops it when the client goes away or on `close()`. */
  | { type: 'hang' }
  /** Destroys the socket without a response. */
  | { type: 'reset' }
  /** 200 with a body that is not valid JSON (stream: SSE data that is not JSON). */
  | { type: 'malformed' }
  /** Streams only: the socket is destroyed after N content frames (default 0). */
  | { type: 'cut-stream'; afterFrames?: number }
  /** Streams only: the provider's in-stream error event after N content frames (default 0). */
  | { type: 'stream-error'; afterFrames?: number; status?: number; message?: string }
  /**
   * The answer arrives whole and correct, but cut into pieces of `minBytes` to `maxBytes` (default
   * 1 to 7), each its own network write: JSON bodies and streams alike, so a client's parsing of
   * lines, frames and UTF-8 characters split across reads is put to the test.
   */
  | { type: 'rechunk'; minBytes?: number; maxBytes?: number };

export interface FaultRule {
  fault: Fault;
  /** How many calls this rule fails; default 1, `Infinity` allowed. */
  times?: number;
  /** Chance that a matching call fails, 0..1, drawn from the injected `random`; default 1. */
  probability?: number;
  match?: (request: SimRequest) => boolean;
}

const streamOnly = new Set<Fault['type']>(['cut-stream', 'stream-error']);

const faultTypes = new Set<Fault['type']>([
  'status',
  'rate-limit',
  'overloaded',
  'hang',
  'reset',
  'malformed',
  'cut-stream',
  'stream-error',
  'rechunk',
]);

const invalid = (field: string, problem: string) =>
  new LlmuxError({ kind: 'invalid_request', message: `Fault rule "${field}" ${problem}` });

const isSize = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;

/** A `rechunk` fault's piece sizes, defaults filled in: 1 to 7 bytes (at least `minBytes`). */
export const pieceSizes = (fault: Extract<Fault, { type: 'rechunk' }>) => {
  const { minBytes = 1, maxBytes = Math.max(7, minBytes) } = fault;
  return { minBytes, maxBytes };
};

/** A `rechunk` fault's piece sizes: whole numbers of bytes, at least 1, min not above max. */
function checkPieces(fault: Extract<Fault, { type: 'rechunk' }>): void {
  const { minBytes, maxBytes } = pieceSizes(fault);
  if (!isSize(minBytes))
    throw invalid('fault.minBytes', `must be an integer >= 1, got ${minBytes}`);
  if (!isSize(maxBytes) || maxBytes < minBytes) {
    throw invalid(
      'fault.maxBytes',
      `must be an integer >= minBytes (${minBytes}), got ${maxBytes}`,
    );
  }
}

const toRule = (input: Fault | FaultRule): Required<Omit<FaultRule, 'match'>> & FaultRule => {
  const rule: FaultRule = 'fault' in input ? input : { fault: input };
  const { fault, times = 1, probability = 1 } = rule;
  if (!faultTypes.has(fault?.type)) {
    throw invalid('fault.type', `must be one of ${[...faultTypes].join(', ')}`);
  }
  if (fault.type === 'status' && !(Number.isInteger(fault.status) && fault.status >= 400)) {
    throw invalid('fault.status', `must be an HTTP error status >= 400, got ${fault.status}`);
  }
  if (fault.type === 'rechunk') checkPieces(fault);
  if (!(times >= 1)) throw invalid('times', `must be >= 1 or Infinity, got ${times}`);
  if (!(probability >= 0 && probability <= 1)) {
    throw invalid('probability', `must be between 0 and 1, got ${probability}`);
  }
  return { ...rule, fault, times, probability };
};

/** The queued fault rules of one simulator; the first rule that matches a call applies. */
export function createFaultQueue(random: () => number) {
  let rules: Array<ReturnType<typeof toRule>> = [];
  return {
    add(inputs: Array<Fault | FaultRule>): void {
      rules.push(...inputs.map(toRule));
    },
    /**
     * The fault for a call, if any. A rule is skipped when its `match` refuses the call, when it
     * is a stream fault and the call is not streamed, or when its `probability` roll fails.
     */
    take(request: SimRequest): Fault | undefined {
      for (const rule of rules) {
        if (streamOnly.has(rule.fault.type) && !request.stream) continue;
        if (rule.match && !rule.match(request)) continue;
        if (rule.probability < 1 && random() >= rule.probability) continue;
        rule.times -= 1;
        if (rule.times <= 0) rules = rules.filter((r) => r !== rule);
        return rule.fault;
      }
      return undefined;
    },
    clear(): void {
      rules = [];
    },
    get size(): number {
      return rules.length;
    },
  };
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;

/** What the simulator says for a status when a fault names none. */
export function defaultErrorMessage(status: number): string {
  const messages: Record<number, string> = {
    400: 'Invalid request',
    401: 'invalid x-api-key',
    402: 'Your credit balance is too low to access the API',
    403: 'Your API key does not have permission to use the specified resource',
    404: 'The requested resource could not be found',
    408: 'Request timed out',
    413: 'Request exceeds the maximum allowed number of bytes',
    429: 'Rate limit exceeded',
    500: 'Internal server error',
    502: 'Bad gateway',
    503: 'The service is temporarily unavailable',
    504: 'Request timed out while processing',
    529: 'Overloaded',
  };
  return messages[status] ?? `HTTP ${status}`;
}
