import type { RequestRecord } from '@llmux/core';

/**
 * What the report reads of a request line; a log line carries these among its other fields.
 * `prompt_cache_saved_usd` and `batch_saved_usd` are absent from logs written before records
 * carried them.
 */
export type LoggedRecord = Partial<
  Pick<RequestRecord, 'prompt_cache_saved_usd' | 'batch_saved_usd'>
> &
  Pick<
    RequestRecord,
    | 'request_id'
    | 'selected_provider'
    | 'model'
    | 'task'
    | 'attempts'
    | 'failover_attempts'
    | 'input_tokens'
    | 'output_tokens'
    | 'cache_read_tokens'
    | 'cache_write_tokens'
    | 'cost_usd'
    | 'latency_ms'
    | 'cache_hit'
    | 'saved_cost_usd'
    | 'error_kind'
    | 'attempt_log'
  >;

/** A request record; another log entry (a circuit change, say); or a line that is broken. */
export type ParsedLine = { record: LoggedRecord } | { other: true } | { problem: string };

type Check = (value: unknown) => boolean;

const count: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const text: Check = (v) => typeof v === 'string';
const textOrNull: Check = (v) => v === null || typeof v === 'string';
const flag: Check = (v) => typeof v === 'boolean';
const amountIfGiven: Check = (v) =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v));
const attempt: Check = (v) => {
  const a = v as Record<string, unknown>;
  return (
    typeof a === 'object' &&
    a !== null &&
    text(a.provider) &&
    text(a.model) &&
    count(a.latencyMs) &&
    (a.outcome === 'success' || a.outcome === 'error')
  );
};
const attempts: Check = (v) => Array.isArray(v) && v.every(attempt);

const fields: Array<[keyof LoggedRecord, Check, string]> = [
  ['request_id', text, 'a string'],
  ['selected_provider', textOrNull, 'a string or null'],
  ['model', textOrNull, 'a string or null'],
  ['task', textOrNull, 'a string or null'],
  ['attempts', count, 'a count'],
  ['failover_attempts', count, 'a count'],
  ['input_tokens', count, 'a count'],
  ['output_tokens', count, 'a count'],
  ['cache_read_tokens', count, 'a count'],
  ['cache_write_tokens', count, 'a count'],
  ['cost_usd', count, 'an amount >= 0'],
  ['latency_ms', count, 'a duration >= 0'],
  ['cache_hit', flag, 'true or false'],
  ['saved_cost_usd', count, 'an amount >= 0'],
  ['prompt_cache_saved_usd', amountIfGiven, 'an amount'],
  ['batch_saved_usd', amountIfGiven, 'an amount'],
  ['error_kind', textOrNull, 'a string or null'],
  ['attempt_log', attempts, 'a list of attempts'],
];

/**
 * Reads one JSON line of a request log, or says what is wrong with it. A JSON object without a
 * `request_id` is another kind of log entry; one with it must hold a whole request record.
 */
export function parseRecordLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  if (!('request_id' in object)) return { other: true };
  for (const [field, check, expected] of fields) {
    if (!check(object[field])) return { problem: `"${field}" is not ${expected}` };
  }
  return { record: object as unknown as LoggedRecord };
}
