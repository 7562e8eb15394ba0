import {
  type Clock,
  deploymentField,
  estimateInputTokens,
  type GenerateRequest,
  type Headroom,
  type HeadroomSource,
  type HealthSnapshot,
  type HealthStore,
  type LanguageModel,
  type Spend,
  type SpendSource,
  type TaskType,
} from '@llmux/core';
import type { TaskClassifier } from './classify-task.js';
import type { Candidate, Deployment } from './compiled-config.js';
import type { Capability } from './rule-schema.js';

/** Where the router reads what it knows of the world; health, headroom and spend are optional. */
export interface RouterSources {
  health?: HealthStore;
  headroom?: HeadroomSource;
  spend?: SpendSource;
  classifier: TaskClassifier;
  /** Counts input tokens exactly; without it, core's `estimateInputTokens`. */
  tokenCounter?: Pick<LanguageModel, 'countTokens'>;
  clock: Clock;
  random: () => number;
}

export interface InputTokens {
  tokens: number;
  /** Counted by the token counter rather than estimated. */
  exact: boolean;
}

export interface TaskFact {
  task: TaskType | undefined;
  source: 'metadata' | 'classifier';
}

/**
 * What the router knows of one request, read lazily and at most once: a rule that fails on
 * its first condition reads no health, spend or headroom. A source that fails reads as
 * unknown, with a note for the route reason, so a state store outage does not stop traffic.
 */
export interface RequestFacts {
  readonly request: GenerateRequest;
  /** When planning started, from the injected clock. */
  readonly now: number;
  readonly needs: readonly Capability[];
  readonly sources: RouterSources;
  inputTokens(): Promise<InputTokens>;
  task(): Promise<TaskFact>;
  /** Of one deployment of the candidate; default its first. */
  health(candidate: Candidate, deployment?: Deployment): Promise<HealthSnapshot | undefined>;
  headroom(candidate: Candidate, deployment?: Deployment): Promise<Headroom | undefined>;
  spend(): Promise<Spend | undefined>;
  /** Failures of sources while planning, each said once. */
  readonly notes: ReadonlySet<string>;
}

/** The capabilities a request needs of a model to be served at all. */
export function requestNeeds(request: GenerateRequest): Capability[] {
  const needs: Capability[] = [];
  if (request.tools?.length && request.toolChoice !== 'none') needs.push('tools');
  const hasImage = request.messages.some(
    (m) =>
      m.role === 'user' &&
      typeof m.content !== 'string' &&
      m.content.some((p) => p.type === 'image'),
  );
  if (hasImage) needs.push('images');
  if (request.responseFormat?.type === 'json') {
    needs.push(request.responseFormat.schema ? 'jsonSchema' : 'json');
  }
  return needs;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createRequestFacts(
  request: GenerateRequest,
  sources: RouterSources,
  healthWindowMs: number,
): RequestFacts {
  const notes = new Set<string>();
  /** `load` on the first call only; later calls get the same promise. */
  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let found: Promise<T> | undefined;
    return () => {
      found ??= load();
      return found;
    };
  };
  /** `load` once per deployment (ids are unique across candidates). */
  const oncePer = <T>(load: (candidate: Candidate, deployment: Deployment) => Promise<T>) => {
    const found = new Map<string, Promise<T>>();
    return (candidate: Candidate, deployment = candidate.deployments[0]!): Promise<T> => {
      let loaded = found.get(deployment.id);
      if (!loaded) {
        loaded = load(candidate, deployment);
        found.set(deployment.id, loaded);
      }
      return loaded;
    };
  };
  // Not an async function: each candidate's health and headroom go through here, per request.
  const orUnknown = <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    const unknown = (error: unknown) => {
      notes.add(`${what} unavailable (${messageOf(error)})`);
      return undefined;
    };
    try {
      return read().catch(unknown);
    } catch (error) {
      return Promise.resolve(unknown(error));
    }
  };

  const inputTokens = once(async (): Promise<InputTokens> => {
    const counter = sources.tokenCounter;
    if (counter?.countTokens) {
      const counted = await orUnknown('token count', async () => {
        const tokens = await counter.countTokens!(request);
        if (!Number.isFinite(tokens) || tokens < 0) throw new Error(`got ${tokens}`);
        return tokens;
      });
      if (counted !== undefined) return { tokens: counted, exact: true };
    }
    return { tokens: estimateInputTokens(request), exact: false };
  });

  const now = sources.clock.now();
  /**
   * Health over the window, counting only what came after a circuit last closed: the failures
   * that opened it are failover's breaker's business, and it forgets them once a probe closes it.
   */
  const readHealth = async (store: HealthStore, key: string): Promise<HealthSnapshot> => {
    const snapshot = await store.read(key, healthWindowMs);
    const { state, since } = snapshot.circuit;
    const closedFor = now - since;
    if (state !== 'closed' || since <= 0 || closedFor >= healthWindowMs) return snapshot;
    return store.read(key, Math.max(0, closedFor));
  };

  return {
    request,
    now,
    needs: requestNeeds(request),
    sources,
    notes,
    inputTokens,
    task: once(async (): Promise<TaskFact> => {
      const given = request.metadata?.task;
      if (given) return { task: given, source: 'metadata' };
      const { tokens } = await inputTokens();
      const task = await orUnknown('task classifier', async () =>
        sources.classifier(request, { inputTokens: tokens }),
      );
      return { task, source: 'classifier' };
    }),
    // Health is kept by deployment id: `provider:model` for a candidate's default one.
    health: oncePer((_, deployment) =>
      sources.health
        ? orUnknown('health', () => readHealth(sources.health!, deployment.id))
        : Promise.resolve(undefined),
    ),
    headroom: oncePer(({ provider, model }, deployment) =>
      sources.headroom
        ? orUnknown('headroom', () =>
            sources.headroom!.headroom({
              provider,
              model,
              ...deploymentField(provider, model, deployment.id),
              tenant: request.metadata?.tenant,
            }),
          )
        : Promise.resolve(undefined),
    ),
    spend: once(() =>
      sources.spend
        ? orUnknown('spend', () => sources.spend!.spend(request.metadata?.tenant))
        : Promise.resolve(undefined),
    ),
  };
}
