import { emptyUsage, priceUsage } from '@llmux/core';
import { busyScore, describeHeadroom } from './candidate-state.js';
import type { Candidate, Strategy } from './compiled-config.js';
import { formatMs, formatUsd } from './format.js';
import { andThen, type Maybe } from './maybe.js';
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
) => Maybe<Ordered[]>;

/** The priority order of each tier's candidates; tiers are made once per configuration. */
const inOrder = new WeakMap<Candidate[], Ordered[]>();

const strategies: { [T in Strategy['type']]: Order<T> } = {
  /** In the configured order: the same for every request. */
  priority(_, candidates) {
    let ordered = inOrder.get(candidates);
    if (!ordered) {
      ordered = candidates.map((candidate) => ({ candidate }));
      inOrder.set(candidates, ordered);
    }
    return ordered;
  },

  /** The price of this request's input plus the expected output, at each model's rates. */
  cheapest({ outputTokens }, candidates, facts) {
    return andThen(facts.inputTokens(), ({ tokens }) => {
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
    });
  },

  /** Mean latency of recent successful calls (of its fastest deployment); none go last. */
  async 'lowest-latency'(_, candidates, facts) {
    const scored = await Promise.all(
      candidates.map(async (candidate) => {
        const latencies = await Promise.all(
          candidate.deployments.map(async (d) => (await facts.health(candidate, d))?.latencyMs),
        );
        const known = latencies.filter((ms): ms is number => ms !== undefined);
        if (known.length === 0) return { candidate, score: Infinity, note: 'no latency data' };
        const latency = Math.min(...known);
        return { candidate, score: latency, note: formatMs(latency) };
      }),
    );
    return byScore(scored);
  },

  /**
   * A random order in which each candidate comes first in proportion to its weight
   * (Efraimidis-Spirakis: sort by random^(1/weight), largest first).
   */
  weighted({ weights }, candidates, facts) {
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

  /** Fewest calls in flight first, then the most rate-limit headroom left (its freest deployment). */
  async 'least-busy'(_, candidates, facts) {
    const scored = await Promise.all(
      candidates.map(async (candidate) => {
        const read = await Promise.all(
          candidate.deployments.map(async (d) => (await facts.headroom(candidate, d)) ?? {}),
        );
        const headroom = read.reduce((best, h) => (busyScore(h) < busyScore(best) ? h : best));
        return {
          candidate,
          score: busyScore(headroom),
          note: `${headroom.inFlight ?? 0} in flight, ${describeHeadroom(headroom)}`,
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
): Maybe<Ordered[]> {
  const order = strategies[strategy.type] as Order<Strategy['type']>;
  return order(strategy, candidates, facts);
}
