import {
  type AttemptRecord,
  type AttemptRunner,
  type AttemptStartEvent,
  type Clock,
  emit,
  isLocalRefusal,
  type LanguageModel,
  LlmuxError,
  type Observer,
  type RouteCandidate,
  toLlmuxError,
} from '@llmux/core';
import type { AbortScope } from './abort-scope.js';
import type { CapacityPause } from './capacity-pause.js';
import type { CircuitBreaker, Permit, Refusal } from './circuit-breaker.js';
import { type FailoverPolicy, isCapacitySignal } from './failover-policy.js';
import { allAttemptsFailed, withAttempts } from './final-error.js';
import type { HedgePolicy } from './hedge.js';
import { lastResorts } from './last-resort.js';
import type { RetryPolicy } from './retry-policy.js';

/** The model a plan step calls: a language model, an embedding model. */
export interface PlanTarget {
  readonly provider: string;
  readonly modelId: string;
  /** See `LanguageModel.deploymentId`. */
  readonly deploymentId?: string;
}

/** One step of the plan: a route candidate and the model that serves it. */
export interface PlanCandidate<M extends PlanTarget = LanguageModel> extends RouteCandidate {
  target: M;
  /** The deployment's id (`provider:model` for a model's only one): circuits, pauses, hedging. */
  key: string;
}

/** The policies, shared by every request of one failover model. */
export interface ExecutionContext {
  clock: Clock;
  observer?: Observer;
  /** Runs each call, right after its `attempt-start` (a tracer: in the attempt span's context). */
  runAttempt?: AttemptRunner;
  retry: RetryPolicy;
  policy: FailoverPolicy;
  breaker: CircuitBreaker;
  capacity: CapacityPause;
  hedge?: HedgePolicy;
}

export interface Execution<T, M extends PlanTarget = LanguageModel> {
  candidates: Array<PlanCandidate<M>>;
  requestId?: string;
  /** The request's scope: the caller's signal and the overall deadline. */
  scope: AbortScope;
  /** Epoch ms after which no retry is started; `Infinity` when there is no deadline. */
  deadlineAt: number;
  /** Makes one call, resolving once it has answered (a stream: at its first content). */
  run(candidate: PlanCandidate<M>, scope: AbortScope): Promise<T>;
  /** Releases an answer that came in too late to be used (a hedge's loser). */
  discard(value: T): void;
}

/** The call that answered. Its attempt stays open until `finish`: a stream may still fail. */
export interface Win<T, M extends PlanTarget = LanguageModel> {
  value: T;
  candidate: PlanCandidate<M>;
  /** The winning call's scope, closed by `finish`. */
  scope: AbortScope;
  /** Ends the winning call, records it, and returns every attempt of the request. */
  finish(error?: LlmuxError): Promise<AttemptRecord[]>;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: LlmuxError };

interface Call<T> {
  index: number;
  attempt: number;
  startedAt: number;
  permit: Permit;
  scope: AbortScope;
  result: Promise<Result<T>>;
  settled: boolean;
  ended: boolean;
}

/** How often a candidate was called, and its last error. */
interface Tries {
  count: number;
  error: LlmuxError | undefined;
}

/** A candidate's model, and its deployment when it has several, as events and records name it. */
type Named = Pick<AttemptRecord, 'provider' | 'model' | 'deployment'>;

const nameOf = ({ provider, model, deployment }: Named): Named =>
  deployment === undefined ? { provider, model } : { provider, model, deployment };

/** A new object that names a candidate, then has `rest`: no spread, made for every call. */
const named = <E extends Named>(candidate: Named, rest: Omit<E, keyof Named>): E =>
  Object.assign(nameOf(candidate), rest) as E;

const route = (candidate: RouteCandidate): RouteCandidate =>
  named<RouteCandidate>(candidate, { reason: candidate.reason });

/** The event of a call's start, its fields in the order they have always been logged in. */
function attemptStart(
  { provider, model, deployment }: Named,
  requestId: string | undefined,
  attempt: number,
  at: number,
): AttemptStartEvent {
  const type = 'attempt-start';
  return deployment === undefined
    ? { type, requestId, provider, model, attempt, at }
    : { type, requestId, provider, model, deployment, attempt, at };
}

/**
 * Runs a plan: each candidate in order (those that just said they are busy last), retried with
 * backoff while its errors are retryable, passed over while its circuit is open, moving on as the
 * failover policy allows, optionally hedged on the first call. When nothing else answered, the
 * least bad of the candidates passed over beyond the breaker's `maxOpenShare` are tried anyway.
 * Resolves with the call that answered; rejects with one `LlmuxError` that lists every attempt
 * (`all_attempts_failed`, or the request's own error when no other candidate could take it, or
 * `cancelled`/`timeout` when the caller or the deadline ended it).
 */
export function executePlan<T, M extends PlanTarget = LanguageModel>(
  ctx: ExecutionContext,
  ex: Execution<T, M>,
): Promise<Win<T, M>> {
  return new PlanExecution(ctx, ex).run();
}

/** One request's run of its plan: a class, not closures made again for every request. */
class PlanExecution<T, M extends PlanTarget> {
  private readonly candidates: Array<PlanCandidate<M>>;
  private readonly attempts: AttemptRecord[] = [];
  private readonly tries: Tries[];
  /** Candidates passed over for their circuits, by index, until called as a last resort. */
  private passedOver: Map<number, Refusal> | undefined;
  private retryAfterMs: number | undefined;
  private failed: { index: number; error: LlmuxError } | undefined;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly ex: Execution<T, M>,
  ) {
    this.candidates = ctx.capacity.order(ex.candidates);
    this.tries = this.candidates.map(() => ({ count: 0, error: undefined }));
  }

  async run(): Promise<Win<T, M>> {
    const { ctx, candidates, tries, attempts } = this;
    ctx.hedge?.countRequest();
    for (let index = 0; index < candidates.length; index++) {
      const won = await this.tryCandidate(index, false);
      if (won) return won;
    }
    const { passedOver } = this;
    const refusals = [...(passedOver ?? [])].map(([index, refusal]) => ({ index, ...refusal }));
    for (const { index } of lastResorts(refusals, candidates.length, ctx.breaker.maxOpenShare)) {
      const won = await this.tryCandidate(index, true);
      if (won) return won;
    }
    const { failed } = this;
    // A request no other candidate could take fails with its own error (invalid, too long...).
    if (failed && !ctx.policy.isProviderFailure(failed.error)) {
      throw withAttempts(failed.error, attempts);
    }
    // Every candidate refused by a limiter of this process (the tenant over its limit): no
    // provider failed, so the limiter's own error is the answer, not `all_attempts_failed`.
    const errors = tries.flatMap((t) => (t.error ? [t.error] : []));
    if (
      failed &&
      !passedOver?.size &&
      errors.every((e) => isLocalRefusal(e) && e.kind === failed.error.kind)
    ) {
      throw withAttempts(failed.error, attempts);
    }
    const skipped = [...(passedOver ?? [])].map(
      ([index, { state }]) => `${candidates[index]!.key} skipped (circuit ${state})`,
    );
    throw allAttemptsFailed({
      attempts,
      skipped,
      lastError: failed?.error,
      retryAfterMs: this.retryAfterMs,
    });
  }

  private noteRetryAfter(ms: number | undefined): void {
    if (ms !== undefined) this.retryAfterMs = Math.min(this.retryAfterMs ?? ms, ms);
  }

  /**
   * After a capacity signal, an untried deployment of the same model later in the plan has its
   * own allowance: moving on to it beats waiting for this one (a 429 on one key, the other key).
   */
  private siblingWaits(index: number): boolean {
    const { provider, model } = this.candidates[index]!;
    return this.candidates.some(
      (c, i) =>
        i > index && this.tries[i]!.count === 0 && c.provider === provider && c.model === model,
    );
  }

  private start(index: number, permit: Permit): Call<T> {
    const { ctx, ex } = this;
    const candidate = this.candidates[index]!;
    const attempt = ++this.tries[index]!.count;
    this.passedOver?.delete(index);
    const startedAt = ctx.clock.now();
    const scope = ex.scope.child();
    const call: Call<T> = {
      index,
      attempt,
      startedAt,
      permit,
      scope,
      settled: false,
      ended: false,
      result: undefined as unknown as Promise<Result<T>>,
    };
    let running: Promise<T>;
    if (ctx.observer || ctx.runAttempt) {
      const started = attemptStart(candidate, ex.requestId, attempt, startedAt);
      emit(ctx.observer, started);
      running = ctx.runAttempt
        ? ctx.runAttempt(started, () => ex.run(candidate, scope))
        : ex.run(candidate, scope);
    } else {
      running = ex.run(candidate, scope);
    }
    call.result = running.then(
      (value): Result<T> => {
        call.settled = true;
        return { ok: true, value };
      },
      (error: unknown): Result<T> => {
        call.settled = true;
        return {
          ok: false,
          error:
            scope.reason ??
            toLlmuxError(error, { provider: candidate.provider, model: candidate.model }),
        };
      },
    );
    return call;
  }

  private async end(call: Call<T>, error?: LlmuxError): Promise<void> {
    if (call.ended) return;
    call.ended = true;
    call.scope.close();
    const { ctx } = this;
    const candidate = this.candidates[call.index]!;
    const latencyMs = ctx.clock.now() - call.startedAt;
    const record = named<AttemptRecord>(candidate, {
      attempt: call.attempt,
      startedAt: call.startedAt,
      latencyMs,
      outcome: error ? 'error' : 'success',
    });
    if (error) {
      record.errorKind = error.kind;
      record.message = error.message;
      if (error.status !== undefined) record.status = error.status;
    }
    this.attempts.push(record);
    if (ctx.observer) {
      emit(ctx.observer, { type: 'attempt-end', requestId: this.ex.requestId, record });
    }
    this.noteRetryAfter(error?.retryAfterMs);
    ctx.capacity.record(candidate.key, error);
    const outcome = call.scope.abortedByParent ? 'ignore' : ctx.policy.outcomeOf(error);
    await ctx.breaker.record(call.permit, outcome, latencyMs);
  }

  /** Waits for the first of `calls` to answer and cancels the others; undefined if all fail. */
  private async settle(calls: Array<Call<T>>): Promise<Win<T, M> | undefined> {
    const pending = calls;
    while (pending.length > 0) {
      // Most calls are not hedged: one call needs no race.
      const only = pending.length === 1 ? pending[0]! : undefined;
      const { call, result } = only
        ? { call: only, result: await only.result }
        : await Promise.race(pending.map((c) => c.result.then((r) => ({ call: c, result: r }))));
      pending.splice(pending.indexOf(call), 1);
      if (!result.ok) {
        this.tries[call.index]!.error = result.error;
        await this.end(call, result.error);
        continue;
      }
      const winner = this.candidates[call.index]!;
      for (const loser of pending) {
        const superseded = new LlmuxError({
          kind: 'cancelled',
          message: `Superseded: ${winner.key} answered first`,
          retryable: false,
        });
        loser.scope.abort(superseded);
        void loser.result.then((late) => {
          if (late.ok) this.ex.discard(late.value);
        });
        await this.end(loser, superseded);
      }
      this.ctx.hedge?.observe(winner.key, this.ctx.clock.now() - call.startedAt);
      return {
        value: result.value,
        candidate: winner,
        scope: call.scope,
        finish: async (error) => {
          await this.end(call, error);
          return [...this.attempts];
        },
      };
    }
    return undefined;
  }

  /**
   * The first call of a request may be hedged: if it has not answered after the hedge delay,
   * the next candidate starts too.
   */
  private hedgeAfter(index: number): number | undefined {
    const { hedge } = this.ctx;
    if (!hedge || index + 1 >= this.candidates.length) return undefined;
    if (this.tries.some((t) => t.count > 0)) return undefined;
    return hedge.delayFor(this.candidates[index]!.key);
  }

  private async call(index: number, permit: Permit): Promise<Win<T, M> | undefined> {
    const { clock, hedge, breaker, observer } = this.ctx;
    const delay = this.hedgeAfter(index);
    const primary = this.start(index, permit);
    if (delay === undefined || !hedge) return this.settle([primary]);
    const timer = new AbortController();
    const due = clock.sleep(delay, timer.signal).then(
      () => true,
      () => false,
    );
    const hedgeNow = await Promise.race([due, primary.result.then(() => false)]);
    timer.abort();
    if (!hedgeNow || !hedge.admit()) return this.settle([primary]);
    const next = this.candidates[index + 1]!;
    const admission = await breaker.acquire(next.key);
    if (!admission.allowed) return this.settle([primary]);
    if (primary.settled) {
      await breaker.record(admission.permit, 'ignore', 0);
      return this.settle([primary]);
    }
    emit(observer, {
      type: 'hedge',
      requestId: this.ex.requestId,
      ...nameOf(next),
      afterMs: delay,
    });
    return this.settle([primary, this.start(index + 1, admission.permit)]);
  }

  /** Tries one candidate, with its retries; as a last resort, whatever its circuit says. */
  private async tryCandidate(index: number, lastResort: boolean): Promise<Win<T, M> | undefined> {
    const { ctx, ex, candidates, attempts } = this;
    const { clock, observer, retry, policy, breaker } = ctx;
    const { scope } = ex;
    const candidate = candidates[index]!;
    const before = this.failed;
    if (before && !policy.canMoveOn(before.error, candidates[before.index]!, candidate)) {
      return undefined;
    }
    const tried = this.tries[index]!;
    for (;;) {
      if (tried.error) {
        if (isCapacitySignal(tried.error) && this.siblingWaits(index)) return undefined;
        const delayMs = retry.delayFor(tried.error, tried.count);
        if (delayMs === undefined || clock.now() + delayMs >= ex.deadlineAt) return undefined;
        emit(observer, {
          type: 'retry',
          requestId: ex.requestId,
          ...nameOf(candidate),
          attempt: tried.count + 1,
          delayMs,
          errorKind: tried.error.kind,
        });
        try {
          await scope.sleep(delayMs);
        } catch {
          throw withAttempts(scope.reason!, attempts);
        }
      }
      if (scope.aborted) throw withAttempts(scope.reason!, attempts);
      const admission = await breaker.acquire(candidate.key);
      if (!admission.allowed && !lastResort) {
        this.passedOver ??= new Map();
        this.passedOver.set(index, admission);
        this.noteRetryAfter(admission.retryAfterMs);
        return undefined;
      }
      const { failed } = this;
      if (failed && failed.index !== index && tried.count === 0) {
        emit(observer, {
          type: 'failover',
          requestId: ex.requestId,
          from: route(candidates[failed.index]!),
          to: route(candidate),
          errorKind: failed.error.kind,
        });
      }
      const won = await this.call(
        index,
        admission.allowed ? admission.permit : admission.lastResort,
      );
      if (won) return won;
      if (scope.aborted) throw withAttempts(scope.reason!, attempts);
      this.failed = { index, error: tried.error! };
    }
  }
}
