import type { Fault, FaultRule } from './faults.js';
import type { SimRequest } from './types.js';

/** Each way a call may fail, with its share of all calls of that kind (generate or stream). */
export type FaultMix = Array<{ fault: Fault; share: number }>;

/**
 * A 429 with a retry-after (Gemini states it in the body's `RetryInfo`): 5 ms, which failover
 * waits out, or a whole second, longer than its cap, so it moves on instead.
 */
const rateLimit = (retryAfterSeconds: number): Fault => ({ type: 'rate-limit', retryAfterSeconds });

/**
 * A realistic mix of what a provider that fails about 30% of its calls does, for chaos tests:
 * hangs, resets, 429s with a short or a long retry-after, overloads and 500s.
 * The faults of generate calls: 30% in all.
 */
export const generateMix: FaultMix = [
  { fault: { type: 'hang' }, share: 0.03 },
  { fault: { type: 'reset' }, share: 0.05 },
  { fault: rateLimit(1), share: 0.01 },
  { fault: rateLimit(0.005), share: 0.06 },
  // Anthropic's 529, the others' 503.
  { fault: { type: 'overloaded' }, share: 0.06 },
  { fault: { type: 'status', status: 500 }, share: 0.09 },
];

/** The faults of streamed calls: 30% in all, a third of them in the stream itself. */
export const streamMix: FaultMix = [
  { fault: { type: 'hang' }, share: 0.03 },
  { fault: { type: 'reset' }, share: 0.04 },
  { fault: rateLimit(1), share: 0.01 },
  { fault: rateLimit(0.005), share: 0.05 },
  { fault: { type: 'overloaded' }, share: 0.04 },
  { fault: { type: 'status', status: 500 }, share: 0.03 },
  // After the headers and the opening frames, before any content: failover can still move on.
  { fault: { type: 'cut-stream', afterFrames: 0 }, share: 0.05 },
  { fault: { type: 'stream-error', afterFrames: 0 }, share: 0.05 },
];

export const totalShare = (mix: FaultMix): number => mix.reduce((sum, m) => sum + m.share, 0);

/**
 * Fault rules that fail each matching call with the mix's shares. The simulator tries rules in
 * order and each draws its own roll, so rule i fires with its share of the calls the rules before
 * it let through: share / (1 - shares before).
 */
export function faultRules(mix: FaultMix, match: (request: SimRequest) => boolean): FaultRule[] {
  let before = 0;
  return mix.map(({ fault, share }) => {
    const probability = share / (1 - before);
    before += share;
    return { fault, probability, times: Number.POSITIVE_INFINITY, match };
  });
}

/** Marks a request whose stream every provider cuts after its first content (see `chaosFaults`). */
export const CUT_AFTER_CONTENT = '[cut after content]';

/**
 * The fault rules of a provider failing about 30% of its calls the realistic way (`generateMix`,
 * `streamMix`), and cutting, after their first content, the streams whose last user message holds
 * `CUT_AFTER_CONTENT`: those must end in a typed error, whoever answers.
 */
export function chaosFaults(): FaultRule[] {
  return [
    {
      fault: { type: 'cut-stream', afterFrames: 1 },
      times: Number.POSITIVE_INFINITY,
      match: (request) => request.stream && request.lastUserText.includes(CUT_AFTER_CONTENT),
    },
    ...faultRules(generateMix, (request) => !request.stream),
    ...faultRules(streamMix, (request) => request.stream),
  ];
}
