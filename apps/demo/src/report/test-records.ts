import type { AttemptRecord, ErrorKind, RequestRecord } from '@llmux/core';

let nextId = 0;

/** The HTTP status a provider answers a failure of this kind with, as adapters log it. */
const providerStatus: Partial<Record<ErrorKind, number>> = {
  rate_limited: 429,
  overloaded: 529,
  server_error: 500,
};

/** A call to a provider: its failures carry the provider's HTTP status. */
export const attempt = (
  provider: string,
  model: string,
  outcome: 'success' | 'error' = 'success',
  errorKind?: ErrorKind,
): AttemptRecord => {
  const status = errorKind && providerStatus[errorKind];
  return {
    provider,
    model,
    attempt: 1,
    startedAt: 0,
    latencyMs: 100,
    outcome,
    ...(errorKind ? { errorKind } : {}),
    ...(status ? { status } : {}),
  };
};

/** A try llmux's own limiter refused before any call: a limit error without a status. */
export const limiterRefusal = (
  provider: string,
  model: string,
  errorKind: 'rate_limited' | 'budget_exceeded' = 'rate_limited',
): AttemptRecord => ({
  provider,
  model,
  attempt: 1,
  startedAt: 0,
  latencyMs: 0,
  outcome: 'error',
  errorKind,
  message: `The tenant oncall ${errorKind === 'rate_limited' ? 'requestsPerMinute limit of 10 is reached; room in 400 ms' : 'daily budget of $1 is spent'}`,
});

/** A full request record, as the stack logs it, with the fields a test cares about given. */
export function requestRecord(fields: Partial<RequestRecord> = {}): RequestRecord {
  return {
    request_id: `req-${++nextId}`,
    operation: 'generate',
    timestamp: '2026-11-24T14:00:00.000Z',
    selected_provider: 'anthropic',
    model: 'claude-haiku-4-5',
    task: 'classification',
    tenant: 'oncall',
    user: null,
    tags: [],
    streamed: false,
    attempts: 1,
    failover_attempts: 0,
    input_tokens: 500,
    output_tokens: 100,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: 0.001,
    latency_ms: 500,
    time_to_first_token_ms: null,
    cache_hit: false,
    saved_cost_usd: 0,
    prompt_cache_saved_usd: 0,
    batch_saved_usd: 0,
    route_reason: null,
    finish_reason: 'stop',
    error_kind: null,
    error_message: null,
    attempt_log: [
      attempt(fields.selected_provider ?? 'anthropic', fields.model ?? 'claude-haiku-4-5'),
    ],
    ...fields,
  };
}

const times = (n: number, make: (i: number) => RequestRecord) =>
  Array.from({ length: n }, (_, i) => make(i));

/**
 * A small log with something for every chart: two providers on two tasks, cache hits on one,
 * a provider's 529s, and the tenant's limiter refusing (a try, and a request at every candidate).
 */
export function sampleRecords(): RequestRecord[] {
  const haiku = (fields: Partial<RequestRecord>) =>
    requestRecord({ selected_provider: 'anthropic', model: 'claude-haiku-4-5', ...fields });
  const gpt = (fields: Partial<RequestRecord>) =>
    requestRecord({
      selected_provider: 'openai',
      model: 'gpt-5',
      attempt_log: [attempt('openai', 'gpt-5')],
      ...fields,
    });
  return [
    ...times(6, (i) => haiku({ task: 'classification', latency_ms: 400 + i * 100 })),
    ...times(2, () =>
      haiku({ task: 'classification', cache_hit: true, cost_usd: 0, attempt_log: [] }),
    ),
    ...times(5, (i) => gpt({ task: 'code', latency_ms: 2_000 + i * 500, cost_usd: 0.01 })),
    gpt({
      task: 'code',
      latency_ms: 3_000,
      cost_usd: 0.01,
      attempt_log: [
        attempt('anthropic', 'claude-haiku-4-5', 'error', 'overloaded'),
        attempt('openai', 'gpt-5'),
      ],
    }),
    gpt({
      task: 'classification',
      latency_ms: 1_000,
      cost_usd: 0.01,
      attempt_log: [limiterRefusal('anthropic', 'claude-haiku-4-5'), attempt('openai', 'gpt-5')],
    }),
    requestRecord({
      selected_provider: null,
      model: null,
      task: 'classification',
      cost_usd: 0,
      error_kind: 'rate_limited',
      attempt_log: [
        limiterRefusal('anthropic', 'claude-haiku-4-5'),
        limiterRefusal('openai', 'gpt-5'),
      ],
    }),
  ];
}
