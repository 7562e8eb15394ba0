import {
  type Clock,
  deploymentField,
  estimateInputTokens,
  type GenerateRequest,
  type Headroom,
  type HeadroomSource,
  type HeadroomTarget,
  type HealthSnapshot,
  type HealthStore,
  type LanguageModel,
  type Spend,
  type SpendSource,
  type TaskType,
} from '@llmux/core';
import type { TaskClassifier } from './classify-task.js';
import type { Candidate, Deployment } from './compiled-config.js';
import { andThen, isPromise, type Maybe } from './maybe.js';
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
 * its first condition reads no health, spend or headroom. A fact is known at once when its
 * source can tell it at once (a store in memory), else a promise. A source that fails reads as
 * unknown, with a note for the route reason, so a state store outage does not stop traffic.
 */
export interface RequestFacts {
  readonly request: GenerateRequest;
  /** When planning started, from the injected clock. */
  readonly now: number;
  readonly needs: readonly Capability[];
  readonly sources: RouterSources;
  inputTokens(): Maybe<InputTokens>;
  task(): Maybe<TaskFact>;
  /** Of one deployment of the candidate; default its first. */
  health(candidate: Candidate, deployment?: Deployment): Maybe<HealthSnapshot | undefined>;
  headroom(candidate: Candidate, deployment?: Deployment): Maybe<Headroom | undefined>;
  spend(): Maybe<Spend | undefined>;
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

/** A headroom target without its tenant, by deployment: the same for every request. */
const targets = new WeakMap<Deployment, Omit<HeadroomTarget, 'tenant'>>();
const targetOf = ({ provider, model }: Candidate, deployment: Deployment) => {
  let target = targets.get(deployment);
  if (!target) {
    target = { provider, model, ...deploymentField(provider, model, deployment.id) };
    targets.set(deployment, target);
  }
  return target;
};

/** A class rather than closures: facts are made for every request. */
class Facts implements RequestFacts {
  readonly now: number;
  readonly needs: readonly Capability[];
  readonly notes = new Set<string>();
  private tokens?: Maybe<InputTokens>;
  private taskFact?: Maybe<TaskFact>;
  /** Read once: unknown spend is `undefined` too. */
  private spent?: { found: Maybe<Spend | undefined> };
  /** By deployment id (unique across candidates): `provider:model` for a default one. */
  private readonly healthBy = new Map<string, Maybe<HealthSnapshot | undefined>>();
  private readonly headroomBy = new Map<string, Maybe<Headroom | undefined>>();

  constructor(
    readonly request: GenerateRequest,
    readonly sources: RouterSources,
    private readonly healthWindowMs: number,
  ) {
    this.now = sources.clock.now();
    this.needs = requestNeeds(request);
  }

  private orUnknown<T>(what: string, read: () => Maybe<T>): Maybe<T | undefined> {
    const unknown = (error: unknown) => {
      this.notes.add(`${what} unavailable (${messageOf(error)})`);
      return undefined;
    };
    try {
      const found = read();
      return isPromise(found) ? found.catch(unknown) : found;
    } catch (error) {
      return unknown(error);
    }
  }

  inputTokens(): Maybe<InputTokens> {
    this.tokens ??= this.countTokens();
    return this.tokens;
  }

  private countTokens(): Maybe<InputTokens> {
    const { request } = this;
    const counter = this.sources.tokenCounter;
    const estimated = () => ({ tokens: estimateInputTokens(request), exact: false });
    if (!counter?.countTokens) return estimated();
    const counted = this.orUnknown('token count', () =>
      andThen(counter.countTokens!(request), (tokens) => {
        if (!Number.isFinite(tokens) || tokens < 0) throw new Error(`got ${tokens}`);
        return tokens;
      }),
    );
    return andThen(counted, (tokens) =>
      tokens === undefined ? estimated() : { tokens, exact: true },
    );
  }

  task(): Maybe<TaskFact> {
    this.taskFact ??= this.classify();
    return this.taskFact;
  }

  private classify(): Maybe<TaskFact> {
    const { request, sources } = this;
    const given = request.metadata?.task;
    if (given) return { task: given, source: 'metadata' };
    return andThen(this.inputTokens(), ({ tokens }) =>
      andThen(
        this.orUnknown('task classifier', () =>
          sources.classifier(request, { inputTokens: tokens }),
        ),
        (task): TaskFact => ({ task, source: 'classifier' }),
      ),
    );
  }

  health(
    candidate: Candidate,
    deployment = candidate.deployments[0]!,
  ): Maybe<HealthSnapshot | undefined> {
    const store = this.sources.health;
    if (!store) return undefined;
    const { id } = deployment;
    if (this.healthBy.has(id)) return this.healthBy.get(id);
    const found = this.orUnknown('health', () => this.readHealth(store, id));
    this.healthBy.set(id, found);
    return found;
  }

  /**
   * Health over the window, counting only what came after a circuit last closed: the failures
   * that opened it are failover's breaker's business, and it forgets them once a probe closes it.
   */
  private readHealth(store: HealthStore, key: string): Maybe<HealthSnapshot> {
    const windowMs = this.healthWindowMs;
    const read = (ms: number) => store.peek?.(key, ms) ?? store.read(key, ms);
    return andThen(read(windowMs), (snapshot) => {
      const { state, since } = snapshot.circuit;
      const closedFor = this.now - since;
      if (state !== 'closed' || since <= 0 || closedFor >= windowMs) return snapshot;
      return read(Math.max(0, closedFor));
    });
  }

  headroom(
    candidate: Candidate,
    deployment = candidate.deployments[0]!,
  ): Maybe<Headroom | undefined> {
    const source = this.sources.headroom;
    if (!source) return undefined;
    const { id } = deployment;
    if (this.headroomBy.has(id)) return this.headroomBy.get(id);
    const target = { ...targetOf(candidate, deployment), tenant: this.request.metadata?.tenant };
    const found = this.orUnknown(
      'headroom',
      () => source.peek?.(target) ?? source.headroom(target),
    );
    this.headroomBy.set(id, found);
    return found;
  }

  spend(): Maybe<Spend | undefined> {
    const source = this.sources.spend;
    if (!source) return undefined;
    this.spent ??= {
      found: this.orUnknown('spend', () => source.spend(this.request.metadata?.tenant)),
    };
    return this.spent.found;
  }
}

export const createRequestFacts = (
  request: GenerateRequest,
  sources: RouterSources,
  healthWindowMs: number,
): RequestFacts => new Facts(request, sources, healthWindowMs);
