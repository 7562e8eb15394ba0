import {
  type Clock,
  type GenerateRequest,
  type KeyValueStore,
  LlmuxError,
  tenantDigest,
} from '@llmux/core';
import type { BatchOutcome } from './batch-item.js';
import type { JobRecord } from './job-record.js';
import { decodeOutcome, encodeOutcome } from './stored-values.js';

/** A job's index entry: newest first in a tenant's list. */
interface IndexEntry {
  id: string;
  createdAt: number;
}

const keys = {
  job: (id: string) => `job:${id}`,
  request: (id: string, item: number) => `job:${id}:request:${item}`,
  outcome: (id: string, item: number) => `job:${id}:outcome:${item}`,
  lease: (id: string) => `job:${id}:lease`,
  cancel: (id: string) => `job:${id}:cancel`,
  // A tenant may be an API key: the key holds a digest of it.
  index: (tenant: string | undefined) =>
    `jobs:${tenant === undefined ? '-' : tenantDigest(tenant)}`,
};

const lost = (id: string, what: string) =>
  new LlmuxError({
    kind: 'not_found',
    message: `Batch job ${id}: its ${what} is no longer in the store (expired or evicted)`,
  });

/**
 * Where jobs live in a `KeyValueStore`: the job record, each item's request and outcome apart
 * (so a poll reads only the record), the lease of the process driving it, a cancel mark, and each
 * tenant's list of jobs. Every key expires with its job.
 */
export function createJobStore(store: KeyValueStore, clock: Clock) {
  const ttl = (expiresAt: number) => Math.max(1, expiresAt - clock.now());
  const list = async (tenant: string | undefined): Promise<IndexEntry[]> => {
    const text = await store.get(keys.index(tenant));
    return text === undefined ? [] : (JSON.parse(text) as IndexEntry[]);
  };

  return {
    keys,
    store,

    async read(id: string): Promise<JobRecord | undefined> {
      const text = await store.get(keys.job(id));
      return text === undefined ? undefined : (JSON.parse(text) as JobRecord);
    },
    write: (record: JobRecord) =>
      store.set(keys.job(record.id), JSON.stringify(record), ttl(record.expiresAt)),

    writeRequests: (record: JobRecord, requests: GenerateRequest[]) =>
      Promise.all(
        requests.map((request, item) =>
          store.set(keys.request(record.id, item), JSON.stringify(request), ttl(record.expiresAt)),
        ),
      ),
    readRequests: (id: string, items: number[]): Promise<GenerateRequest[]> =>
      Promise.all(
        items.map(async (item) => {
          const text = await store.get(keys.request(id, item));
          if (text === undefined) throw lost(id, `request ${item}`);
          return JSON.parse(text) as GenerateRequest;
        }),
      ),

    writeOutcome: (record: JobRecord, item: number, outcome: BatchOutcome) =>
      store.set(keys.outcome(record.id, item), encodeOutcome(outcome), ttl(record.expiresAt)),
    async readOutcome(id: string, item: number): Promise<BatchOutcome> {
      const text = await store.get(keys.outcome(id, item));
      if (text === undefined) throw lost(id, `outcome ${item}`);
      return decodeOutcome(text);
    },

    requestCancel: (record: JobRecord) =>
      store.set(keys.cancel(record.id), String(clock.now()), ttl(record.expiresAt)),
    async cancelRequested(id: string): Promise<boolean> {
      return (await store.get(keys.cancel(id))) !== undefined;
    },

    list,
    /**
     * Adds a job to its tenant's list, unless it is there. The store cannot append atomically, so
     * two processes adding at once may lose one entry: the job's driver calls this on every poll,
     * which puts it back.
     */
    async index(record: JobRecord, retentionMs: number): Promise<void> {
      const entries = await list(record.tenant);
      if (entries.some((entry) => entry.id === record.id)) return;
      const now = clock.now();
      const kept = [{ id: record.id, createdAt: record.createdAt }, ...entries]
        .filter((entry) => entry.createdAt + retentionMs > now)
        .sort((a, b) => b.createdAt - a.createdAt);
      await store.set(keys.index(record.tenant), JSON.stringify(kept), retentionMs);
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
