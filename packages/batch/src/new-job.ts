import { type GenerateRequest, invalidOption } from '@llmux/core';
import type { BatchItem, CandidateRef } from './batch-item.js';
import { checkCandidates } from './batch-manager-options.js';
import { isObject } from './is-object.js';
import type { ItemRecord, JobRecord } from './job-record.js';
import { batchCandidate } from './move-on.js';
import { storableRequest } from './stored-values.js';

/** What a caller submits: many requests under their ids, run as one job. */
export interface BatchJobInput {
  items: BatchItem[];
  /** Where items go that name no candidates and carry no route; default the manager's. */
  candidates?: CandidateRef[];
  /** When every item must be answered by, epoch ms; an item's own `deadlineAt` may be sooner. */
  deadlineAt?: number;
  /** Who the job belongs to (its list, its budget); items' `metadata.tenant` by default. */
  tenant?: string;
  /** Your labels, kept with the job. */
  metadata?: Record<string, string>;
}

export interface NewJobContext {
  id: string;
  now: number;
  retentionMs: number;
  candidates?: CandidateRef[];
  /** Providers with a batch API. */
  providers: ReadonlySet<string>;
  live: boolean;
}

const invalid = (field: string, expected: string, got: unknown) =>
  invalidOption(field, expected, got, 'batch job field');

const earliest = (...times: Array<number | undefined>): number | undefined => {
  const set = times.filter((time): time is number => time !== undefined);
  return set.length === 0 ? undefined : Math.min(...set);
};

function checkInput(input: BatchJobInput): void {
  if (!isObject(input)) throw invalid('job', 'an object', input);
  if (!Array.isArray(input.items) || input.items.length === 0) {
    throw invalid('items', 'a non-empty array of { id, request }', input.items);
  }
  const { deadlineAt, tenant, metadata } = input;
  if (
    deadlineAt !== undefined &&
    !(typeof deadlineAt === 'number' && Number.isFinite(deadlineAt))
  ) {
    throw invalid('deadlineAt', 'epoch milliseconds', deadlineAt);
  }
  if (tenant !== undefined && typeof tenant !== 'string')
    throw invalid('tenant', 'a string', tenant);
  if (
    metadata !== undefined &&
    !(isObject(metadata) && Object.values(metadata).every((v) => typeof v === 'string'))
  ) {
    throw invalid('metadata', 'an object of string values', metadata);
  }
}

/**
 * A new job's record and the requests to store with it. Each item waits for the first of its
 * candidates with a batch API (or goes live at once when none has one); the input is checked
 * field by field, and a bad one throws `invalid_request` naming it (`items[3].id`).
 */
export function newJob(input: BatchJobInput, context: NewJobContext) {
  checkInput(input);
  const ids = new Set<string>();
  const requests: GenerateRequest[] = [];
  const items = input.items.map((entry, index): ItemRecord => {
    const field = `items[${index}]`;
    if (!isObject(entry)) throw invalid(field, 'an object { id, request }', entry);
    const { id, request } = entry;
    if (typeof id !== 'string' || id === '' || ids.has(id)) {
      throw invalid(`${field}.id`, 'a non-empty string, unique in the job', id);
    }
    ids.add(id);
    if (!isObject(request) || !Array.isArray(request.messages)) {
      throw invalid(`${field}.request`, 'a GenerateRequest', request);
    }
    const given =
      entry.candidates ?? request.route?.candidates ?? input.candidates ?? context.candidates;
    const candidates = checkCandidates(given, `${field}.candidates`, invalid);
    const at = batchCandidate(candidates, 0, context.providers);
    if (at === undefined && !context.live) {
      throw invalid(
        `${field}.candidates`,
        `a candidate of a provider with a batch adapter (${[...context.providers].join(', ')})`,
        candidates.map((c) => c.provider).join(', '),
      );
    }
    requests.push(storableRequest(request));
    const tenant = request.metadata?.tenant ?? input.tenant;
    const deadlineAt = earliest(request.deadlineAt, input.deadlineAt);
    return {
      id,
      candidates,
      at: at ?? 0,
      state: at === undefined ? 'live' : 'queued',
      ...(deadlineAt !== undefined && { deadlineAt }),
      ...(tenant !== undefined && { tenant }),
      attempts: [],
    };
  });
  const record: JobRecord = {
    v: 1,
    id: context.id,
    ...(input.tenant !== undefined && { tenant: input.tenant }),
    ...(input.metadata && { metadata: input.metadata }),
    createdAt: context.now,
    ...(input.deadlineAt !== undefined && { deadlineAt: input.deadlineAt }),
    expiresAt: context.now + context.retentionMs,
    items,
    batches: [],
  };
  return { record, requests };
}
