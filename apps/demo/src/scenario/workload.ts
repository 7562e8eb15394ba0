import { type GenerateRequest, LlmuxError, seededRandom, type TaskType } from '@llmux/core';
import {
  fillTo,
  logLine,
  metricLine,
  serviceOf,
  sourceFile,
  stackTrace,
} from './incident-texts.js';
import { pick, pickWeighted, type Random, randomInt } from './random-draws.js';
import { runbook } from './runbook.js';

/** The four kinds of request an on-call team sends during an incident. */
export type WorkloadKind = 'quick-check' | 'root-cause' | 'log-analysis' | 'code-fix';

export const workloadKinds: readonly WorkloadKind[] = [
  'quick-check',
  'root-cause',
  'log-analysis',
  'code-fix',
];

export interface WorkloadItem {
  index: number;
  kind: WorkloadKind;
  request: GenerateRequest;
  /** The earlier item this one asks again, word for word. */
  repeatOf?: number;
  /** Part of the burst: sent all at once rather than at the steady pace. */
  burst: boolean;
  /** When it is sent, in scenario milliseconds from the start. */
  atMs: number;
}

/** Item ranges `[from, to)` where the incident's events happen. */
export interface IncidentTimeline {
  /** Claude answers every call as down (529) while these items are sent. */
  outage: { from: number; to: number };
  /** These items are sent at once. */
  burst: { from: number; to: number };
  /** The post-incident review: work that can wait, sent as `priority: 'batch'`. */
  review: { from: number; to: number };
}

export interface Workload {
  items: WorkloadItem[];
  timeline: IncidentTimeline;
}

export interface WorkloadOptions {
  seed: number;
  requests: number;
  /** Share of items that repeat an earlier one; default 0.15. */
  repeatShare?: number;
  /** Mean time between two requests outside the burst (exponential gaps); default 2000 ms. */
  meanGapMs?: number;
}

interface KindSpec {
  task: TaskType;
  /** Share of the workload. */
  weight: number;
  /** Range of the material's size in tokens (instructions come on top). */
  tokens: [number, number];
  maxOutputTokens: number;
  system: string;
  user(random: Random, tokens: number): string;
}

const kindSpecs: Record<WorkloadKind, KindSpec> = {
  'quick-check': {
    task: 'classification',
    weight: 45,
    tokens: [40, 700],
    maxOutputTokens: 300,
    system:
      'You are the on-call assistant. Answer in two sentences: is it actionable, who owns it.',
    user: (random, tokens) => {
      const service = serviceOf(random);
      return `Alert from ${service}: p99 latency above ${randomInt(random, 300, 2000)} ms for ${randomInt(random, 2, 30)} minutes. Recent metrics:\n${fillTo(tokens, (n) => metricLine(random, service, n))}`;
    },
  },
  'root-cause': {
    task: 'reasoning',
    weight: 25,
    tokens: [1_200, 9_000],
    maxOutputTokens: 1_200,
    system: 'You are a senior SRE. Find the most likely root cause and the evidence for it.',
    user: (random, tokens) => {
      const service = serviceOf(random);
      return `Incident on ${service}: checkout failures since 14:05. Deploy ${randomInt(random, 1000, 9999)} went out at 14:02.\n${stackTrace(random, service)}\nMetrics:\n${fillTo(tokens, (n) => metricLine(random, service, n))}\nWhat is the most likely root cause?`;
    },
  },
  'log-analysis': {
    task: 'summarization',
    weight: 12,
    tokens: [11_000, 40_000],
    maxOutputTokens: 1_000,
    system:
      'You analyse production logs. Say what failed first, the blast radius and the timeline.',
    user: (random, tokens) => {
      const service = serviceOf(random);
      return `Summarise these ${service} logs from the last hour:\n${fillTo(tokens, (n) => logLine(random, service, n))}`;
    },
  },
  'code-fix': {
    task: 'code',
    weight: 18,
    tokens: [600, 6_000],
    maxOutputTokens: 1_600,
    system: 'You fix production bugs. Reply with a unified diff and one line on why it works.',
    user: (random, tokens) => {
      const service = serviceOf(random);
      return `Fix the bug in this code that causes:\n${stackTrace(random, service)}\n\n${sourceFile(random, tokens)}`;
    },
  },
};

export const taskOfKind = (kind: WorkloadKind): TaskType => kindSpecs[kind].task;

/** Where the outage and the burst fall in a run of `requests` items. */
export function incidentTimeline(requests: number): IncidentTimeline {
  const at = (share: number) => Math.round(requests * share);
  const burstSize = Math.max(1, Math.min(60, at(0.12)));
  return {
    outage: { from: at(0.3), to: at(0.5) },
    burst: { from: at(0.7), to: Math.min(requests, at(0.7) + burstSize) },
    review: { from: at(0.85), to: requests },
  };
}

function newRequest(kind: WorkloadKind, random: Random, review: boolean): GenerateRequest {
  const spec = kindSpecs[kind];
  const tokens = randomInt(random, spec.tokens[0], spec.tokens[1]);
  return {
    messages: [
      // The agent's runbook leads every request, as real agents' system prompts do.
      { role: 'system', content: `${runbook}\n\n${spec.system}` },
      { role: 'user', content: spec.user(random, tokens) },
    ],
    maxOutputTokens: spec.maxOutputTokens,
    // Deterministic requests are the ones the response cache may answer.
    temperature: 0,
    // The system prompt is the same on every request of a kind: worth the providers' caches.
    promptCache: { prefix: 'system' },
    metadata: {
      task: spec.task,
      tags: ['incident', kind],
      tenant: 'oncall',
      // The review is read tomorrow: it can wait for a provider batch, at half the price.
      ...(review && { priority: 'batch' as const }),
    },
  };
}

/** How far back a repeat looks: people re-ask what was asked in the last few minutes. */
const REPEAT_WINDOW = 40;
/** Burst requests come this close together: an alert storm, each alert asking at once. */
const BURST_GAP_MS = 50;

const checkCount = (field: string, value: number, min: number) => {
  if (!Number.isInteger(value) || value < min) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Workload option "${field}" must be an integer >= ${min}, got ${value}`,
    });
  }
};

/**
 * An incident-response workload: the same seed and size give the same items, byte for byte.
 * Requests arrive at random (exponential gaps) except the burst: fresh quick checks 50 ms
 * apart (an alert storm). The others follow the kind weights, and a share of them repeats an
 * earlier non-burst item. Fresh items of the post-incident review can wait for a batch.
 */
export function createWorkload(options: WorkloadOptions): Workload {
  const { seed, requests, repeatShare = 0.15, meanGapMs = 2_000 } = options;
  checkCount('seed', seed, 0);
  checkCount('requests', requests, 1);
  if (!(Number.isFinite(meanGapMs) && meanGapMs >= 0)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Workload option "meanGapMs" must be a finite number >= 0, got ${meanGapMs}`,
    });
  }
  if (!(repeatShare >= 0 && repeatShare < 1)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Workload option "repeatShare" must be in [0, 1), got ${repeatShare}`,
    });
  }
  const random = seededRandom(seed);
  const timeline = incidentTimeline(requests);
  const weights = Object.fromEntries(workloadKinds.map((k) => [k, kindSpecs[k].weight])) as Record<
    WorkloadKind,
    number
  >;
  const items: WorkloadItem[] = [];
  const originals: WorkloadItem[] = [];
  let atMs = 0;
  for (let index = 0; index < requests; index++) {
    const burst = index >= timeline.burst.from && index < timeline.burst.to;
    if (index > 0) atMs += burst ? BURST_GAP_MS : Math.round(-Math.log(1 - random()) * meanGapMs);
    const recent = originals.filter((item) => item.index >= index - REPEAT_WINDOW);
    if (!burst && recent.length > 0 && random() < repeatShare) {
      const original = pick(random, recent);
      items.push({
        index,
        kind: original.kind,
        request: original.request,
        repeatOf: original.index,
        burst,
        atMs,
      });
      continue;
    }
    const kind = burst ? 'quick-check' : pickWeighted(random, weights);
    const review = index >= timeline.review.from;
    const item = { index, kind, request: newRequest(kind, random, review), burst, atMs };
    items.push(item);
    if (!burst) originals.push(item);
  }
  return { items, timeline };
}
