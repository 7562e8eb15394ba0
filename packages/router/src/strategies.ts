import { emptyUsage, priceUsage } from '@llmux/core';
import { describeHeadroom, headroomShare } from './candidate-state.js';
import type { Candidate, Strategy } from './compiled-config.js';
import { formatMs, formatUsd } from './format.js';
import type { RequestFacts } from './request-facts.js';

export interface Ordered {
  candidate: Candidate;
  /** What the strategy saw, for the candidate's reason: `≈ $0.0031`, `420 ms`. */
  note?: string;
}

interface Scored extends Ordered {
  score: number;
}

/** Sorts by ascending score; `Array.prototype.sort` is stable, so ties keep their order. */
const byScore = (scored: Scored[]): Ordered[] =>
  scored.sort((a, b) => a.score - b.score).map(({ candidate, note }) => ({ candidate, note }));

type Order<T extends Strategy['type']> = (
  strategy: Extract<Strategy, { type: T }>,
  candidates: Candidate[],
  facts: RequestFacts,
) => Promise<Ordered[]>;

const strategies: { [T in Strategy['type']]: Order<T> } = {
  priority: async (_, candidates) => candidates.map((candidate) => ({ candidate })),

  /** The price of this request's input plus the expected output, at each model's rates. */
  async cheapest({ outputTokens }, candidates, facts) {
    const { tokens } = await facts.inputTokens();
    const usage = {
      ...emptyUsage(),
      inputTokens: tokens,
      outputTokens: Math.min(facts.request.maxOutputTokens ?? outputTokens, outputTokens),
    };
    return byScore(
      candidates.map((candidate) => {
        const usd = priceUsage(usage, candidate.info.pricing);
        return { candidate, score: usd, note: `≈ ${formatUsd(usd)}` };
      }),
    );
  },

  /** Mean latency of recent successful calls; candidates with none go last. */
  async 'lowest-latency'(_, candidates, facts) {
    const scored = await Promise.all(
      candidates.map(async (candidate) => {
        const latency = (await facts.health(candidate))?.latencyMs;
        return latency === undefined
          ? { candidate, score: Infinity, note: 'no latency data' }
          : { candidate, score: latency, note: formatMs(latency) };
      }),
    );
    return byScore(scored);
  },

  /**
   * A random order in which each candidate comes first in proportion to its weight
   * (Efraimidis-Spirakis: sort by random^(1/weight), largest first).
   */
  async weighted({ weights }, candidates, facts) {
    const total = candidates.reduce((sum, c) => sum + (weights.get(c.id) ?? 1), 0);
    return byScore(
      candidates.map((candidate) => {
        const weight = weights.get(candidate.id) ?? 1;
        return {
          candidate,
          score: -(facts.sources.random() ** (1 / weight)),
          note: `weight ${weight} of ${total}`,
        };
      }),
    );
  },

  /** Fewest calls in flight first, then the most rate-limit headroom left. */
  async 'least-busy'(_, candidates, facts) {
    const scored = await Promise.all(
      candidates.map(async (candidate) => {
        const headroom = (await facts.headroom(candidate)) ?? {};
        const inFlight = headroom.inFlight ?? 0;
        // In-flight counts dominate; headroom (0 to 1) breaks ties between equal counts.
        return {
          candidate,
          score: inFlight * 2 - headroomShare(headroom),
          note: `${inFlight} in flight, ${describeHeadroom(headroom)}`,
        };
      }),
    );
    return byScore(scored);
  },
};

/** Orders equally acceptable candidates by a strategy. */
export function orderCandidates(
  strategy: Strategy,
  candidates: Candidate[],
  facts: RequestFacts,
): Promise<Ordered[]> {
  const order = strategies[strategy.type] as Order<Strategy['type']>;
  return order(strategy, candidates, facts);
}
