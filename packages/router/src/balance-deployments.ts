import { busyScore, describeHeadroom } from './candidate-state.js';
import type { Candidate, Deployment } from './compiled-config.js';
import type { Maybe } from './maybe.js';
import type { RequestFacts } from './request-facts.js';

export interface Balanced {
  deployment: Deployment;
  /** Why it stands where it does, for its reason; none for a candidate's only deployment. */
  note?: string;
}

export interface Balancer {
  /** A candidate's deployments in the order to try them, the one whose turn it is first. */
  order(candidate: Candidate, facts: RequestFacts): Maybe<Balanced[]>;
}

/**
 * Spreads each candidate's requests across its deployments. Every plan takes a turn of smooth
 * weighted round robin (nginx's and Envoy's): each deployment's weight is added to its credit,
 * the one with the most credit leads and pays the total back, so over `total` plans each leads
 * `weight` times, interleaved (2:1 gives a b a a b a, not a a b a a b). `least-busy` then puts the
 * fewest calls in flight first (then the most headroom), the turn breaking ties. The turns are
 * this router's own: each process of a fleet spreads its share of the requests.
 */
/** A candidate's only deployment, in a list made once: it leads every plan. */
const only = new WeakMap<Candidate, Balanced[]>();
const onlyOf = (candidate: Candidate) => {
  let order = only.get(candidate);
  if (!order) {
    order = [{ deployment: candidate.deployments[0]! }];
    only.set(candidate, order);
  }
  return order;
};

export function createBalancer(): Balancer {
  const credit = new Map<string, number>();
  const creditOf = (deployment: Deployment) => credit.get(deployment.id) ?? 0;

  const turn = (deployments: Deployment[], total: number): Deployment[] => {
    for (const d of deployments) credit.set(d.id, creditOf(d) + d.weight);
    // Stable: equal credit keeps the configured order.
    const order = [...deployments].sort((a, b) => creditOf(b) - creditOf(a));
    const lead = order[0]!;
    credit.set(lead.id, creditOf(lead) - total);
    return order;
  };

  return {
    order(candidate, facts) {
      const { deployments, balance } = candidate;
      if (deployments.length === 1) return onlyOf(candidate);
      const total = deployments.reduce((sum, d) => sum + d.weight, 0);
      const turned = turn(deployments, total);
      const of = (i: number) => `${i + 1}/${turned.length}`;
      if (balance === 'round-robin') {
        return turned.map((deployment, i) => ({
          deployment,
          note: `round-robin ${of(i)} (weight ${deployment.weight} of ${total})`,
        }));
      }
      return Promise.all(
        turned.map(async (deployment) => {
          const headroom = (await facts.headroom(candidate, deployment)) ?? {};
          return { deployment, headroom, score: busyScore(headroom) };
        }),
      ).then((scored) =>
        scored
          .sort((a, b) => a.score - b.score)
          .map(({ deployment, headroom }, i) => ({
            deployment,
            note: `least-busy ${of(i)} (${headroom.inFlight ?? 0} in flight, ${describeHeadroom(headroom)})`,
          })),
      );
    },
  };
}
