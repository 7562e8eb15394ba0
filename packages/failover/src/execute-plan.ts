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

/**
 * Runs a plan: each candidate in order (those that just said they are busy last), retried with
 * backoff while its errors are retryable, passed over while its circuit is open, moving on as the
 * failover policy allows, optionally hedged on the first call. When nothing else answered, the
 * least bad of the candidates passed over beyond the breaker's `maxOpenShare` are tried anyway.
 * Resolves with the call that answered; rejects with one `LlmuxError` that lists every attempt
 * (`all_attempts_failed`, or the request's own error when no other candidate could take it, or
 * `cancelled`/`timeout` when the caller or the deadline ended it).
 */
export async function executePlan<T, M extends PlanTarget = LanguageModel>(
  ctx: ExecutionContext,
  ex: Execution<T, M>,
): Promise<Win<T, M>> {
  const { clock, observer, runAttempt, retry, policy, breaker, capacity, hedge } = ctx;
  const { requestId, scope } = ex;
  const candidates = capacity.order(ex.candidates);
  const attempts: AttemptRecord[] = [];
  const tries = candidates.map(() => ({ count: 0, error: undefined as LlmuxError | undefined }));
  /** Candidates passed over for their circuits, by index, until called as a last resort. */
  let passedOver: Map<number, Refusal> | undefined;
  let retryAfterMs: number | undefined;
  let failed: { index: number; error: LlmuxError } | undefined;

  const noteRetryAfter = (ms: number | undefined) => {
    if (ms !== undefined) retryAfterMs = Math.min(retryAfterMs ?? ms, ms);
  };
  const at = (index: number) => candidates[index]!;
  /** Names a candidate's model, and its deployment when it has several. */
  const named = ({ provider, model, deployment }: PlanCandidate<M>) => ({
    provider,
    model,
    ...(deployment !== undefined && { deployment }),
  });
  const route = (candidate: PlanCandidate<M>): RouteCandidate => ({
    ...named(candidate),
    reason: candidate.reason,
  });
  /**
   * After a capacity signal, an untried deployment of the same model later in the plan has its
   * own allowance: moving on to it beats waiting for this one (a 429 on one key, the other key).
   */
  const siblingWaits = (index: number) => {
    const { provider, model } = at(index);
    return candidates.some(
      (c, i) => i > index && tries[i]!.count === 0 && c.provider === provider && c.model === model,
    );
  };

  const start = (index: number, permit: Permit): Call<T> => {
    const candidate = at(index);
    const tried = tries[index]!;
    const attempt = ++tried.count;
    passedOver?.delete(index);
    const startedAt = clock.now();
    const callScope = scope.child();
    const started: AttemptStartEvent = {
      type: 'attempt-start',
      requestId,
      ...named(candidate),
      attempt,
      at: startedAt,
    };
    emit(observer, started);
    const run = () => ex.run(candidate, callScope);
    const call: Call<T> = {
      index,
      attempt,
      startedAt,
      permit,
      scope: callScope,
      settled: false,
      ended: false,
      result: (runAttempt ? runAttempt(started, run) : run()).then(
        (value): Result<T> => {
          call.settled = true;
          return { ok: true, value };
        },
        (error: unknown): Result<T> => {
          call.settled = true;
          return {
            ok: false,
            error:
              callScope.reason ??
              toLlmuxError(error, { provider: candidate.provider, model: candidate.model }),
          };
        },
      ),
    };
    return call;
  };

  const end = async (call: Call<T>, error?: LlmuxError) => {
    if (call.ended) return;
    call.ended = true;
    call.scope.close();
    const candidate = at(call.index);
    const latencyMs = clock.now() - call.startedAt;
    const record: AttemptRecord = {
      ...named(candidate),
      attempt: call.attempt,
      startedAt: call.startedAt,
      latencyMs,
      outcome: error ? 'error' : 'success',
      ...(error && { errorKind: error.kind, message: error.message }),
      ...(error?.status !== undefined && { status: error.status }),
    };
    attempts.push(record);
    emit(observer, { type: 'attempt-end', requestId, record });
    noteRetryAfter(error?.retryAfterMs);
    capacity.record(candidate.key, error);
    const outcome = call.scope.abortedByParent ? 'ignore' : policy.outcomeOf(error);
    await breaker.record(call.permit, outcome, latencyMs);
  };

  // Waits for the first of `calls` to answer and cancels the others; undefined if all fail.
  const settle = async (calls: Array<Call<T>>): Promise<Win<T, M> | undefined> => {
    const pending = [...calls];
    while (pending.length > 0) {
      // Most calls are not hedged: one call needs no race.
      const only = pending.length === 1 ? pending[0]! : undefined;
      const { call, result } = only
        ? { call: only, result: await only.result }
        : await Promise.race(pending.map((c) => c.result.then((r) => ({ call: c, result: r }))));
      pending.splice(pending.indexOf(call), 1);
      if (!result.ok) {
        tries[call.index]!.error = result.error;
        await end(call, result.error);
        continue;
      }
      const winner = at(call.index);
      for (const loser of pending) {
        const superseded = new LlmuxError({
          kind: 'cancelled',
          message: `Superseded: ${winner.key} answered first`,
          retryable: false,
        });
        loser.scope.abort(superseded);
        void loser.result.then((late) => {
          if (late.ok) ex.discard(late.value);
        });
        await end(loser, superseded);
      }
      hedge?.observe(winner.key, clock.now() - call.startedAt);
      return {
        value: result.value,
        candidate: winner,
        scope: call.scope,
        finish: async (error) => {
          await end(call, error);
          return [...attempts];
        },
      };
    }
    return undefined;
  };

  // The first call of a request may be hedged: if it has not answered after the hedge delay,
  // the next candidate starts too.
  const hedgeAfter = (index: number): number | undefined => {
    if (!hedge || index + 1 >= candidates.length) return undefined;
    if (tries.some((t) => t.count > 0)) return undefined;
    return hedge.delayFor(at(index).key);
  };

  const call = async (index: number, permit: Permit): Promise<Win<T, M> | undefined> => {
    const delay = hedgeAfter(index);
    const primary = start(index, permit);
    if (delay === undefined || !hedge) return settle([primary]);
    const timer = new AbortController();
    const due = clock.sleep(delay, timer.signal).then(
      () => true,
      () => false,
    );
    const hedgeNow = await Promise.race([due, primary.result.then(() => false)]);
    timer.abort();
    if (!hedgeNow || !hedge.admit()) return settle([primary]);
    const next = at(index + 1);
    const admission = await breaker.acquire(next.key);
    if (!admission.allowed) return settle([primary]);
    if (primary.settled) {
      await breaker.record(admission.permit, 'ignore', 0);
      return settle([primary]);
    }
    emit(observer, {
      type: 'hedge',
      requestId,
      ...named(next),
      afterMs: delay,
    });
    return settle([primary, start(index + 1, admission.permit)]);
  };

  /** Tries one candidate, with its retries; as a last resort, whatever its circuit says. */
  const tryCandidate = async (index: number, lastResort: boolean) => {
    const candidate = at(index);
    if (failed && !policy.canMoveOn(failed.error, at(failed.index), candidate)) return undefined;
    const tried = tries[index]!;
    for (;;) {
      if (tried.error) {
        if (isCapacitySignal(tried.error) && siblingWaits(index)) return undefined;
        const delayMs = retry.delayFor(tried.error, tried.count);
        if (delayMs === undefined || clock.now() + delayMs >= ex.deadlineAt) return undefined;
        emit(observer, {
          type: 'retry',
          requestId,
          ...named(candidate),
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
      if (scope.signal.aborted) throw withAttempts(scope.reason!, attempts);
      const admission = await breaker.acquire(candidate.key);
      if (!admission.allowed && !lastResort) {
        passedOver ??= new Map();
        passedOver.set(index, admission);
        noteRetryAfter(admission.retryAfterMs);
        return undefined;
      }
      if (failed && failed.index !== index && tried.count === 0) {
        emit(observer, {
          type: 'failover',
          requestId,
          from: route(at(failed.index)),
          to: route(candidate),
          errorKind: failed.error.kind,
        });
      }
      const won = await call(index, admission.allowed ? admission.permit : admission.lastResort);
      if (won) return won;
      if (scope.signal.aborted) throw withAttempts(scope.reason!, attempts);
      failed = { index, error: tried.error! };
    }
  };

  hedge?.countRequest();
  for (let index = 0; index < candidates.length; index++) {
    const won = await tryCandidate(index, false);
    if (won) return won;
  }
  const refusals = [...(passedOver ?? [])].map(([index, refusal]) => ({ index, ...refusal }));
  for (const { index } of lastResorts(refusals, candidates.length, breaker.maxOpenShare)) {
    const won = await tryCandidate(index, true);
    if (won) return won;
  }
  // A request no other candidate could take fails with its own error (invalid, too long...).
  if (failed && !policy.isProviderFailure(failed.error)) throw withAttempts(failed.error, attempts);
  // Every candidate refused by a limiter of this process (the tenant over its limit): no
  // provider failed, so the limiter's own error is the answer, not `all_attempts_failed`.
  const errors = tries.flatMap((t) => (t.error ? [t.error] : []));
  if (
    failed &&
    !passedOver?.size &&
    errors.every((e) => isLocalRefusal(e) && e.kind === failed!.error.kind)
  ) {
    throw withAttempts(failed.error, attempts);
  }
  const skipped = [...(passedOver ?? [])].map(
    ([index, { state }]) => `${at(index).key} skipped (circuit ${state})`,
  );
  throw allAttemptsFailed({ attempts, skipped, lastError: failed?.error, retryAfterMs });
}
