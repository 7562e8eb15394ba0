import { randomBytes } from 'node:crypto';
import { type Clock, startTimer } from '@llmux/core';
import type { Limits } from '@llmux/ratelimit';
import type { Caller } from '../gateway/auth.js';
import { RequestFieldError } from '../gateway/request-field-error.js';
import { type ApiKeyRecord, limitsOfRecord, newSecret } from './api-key-record.js';
import type { ApiKeyStore } from './api-key-store.js';

/** What a key is made with: everything but its secret, times and version. */
export type ApiKeyInput = Pick<
  ApiKeyRecord,
  'tenant' | 'name' | 'budgetUsd' | 'limits' | 'allowedModels' | 'expiresAt' | 'metadata'
>;

export type ApiKeysEvent =
  /** A refresh or a write brought keys this instance did not have, or changed ones. */
  | { type: 'api-keys-changed'; keys: number }
  /** The store cannot be read: the keys known last stay in force until it can. */
  | { type: 'api-keys-store-down'; store: string; detail: string }
  | { type: 'api-keys-store-up'; store: string };

export interface ApiKeysOptions {
  store: ApiKeyStore;
  clock: Clock;
  /** How often every key is read again, whether or not a change was announced. */
  refreshMs: number;
  /**
   * Start even when the store cannot be read (Redis `whenUnavailable: degraded`): the keys then
   * arrive at a later refresh. Default: `start` rejects.
   */
  startDegraded?: boolean;
}

/**
 * The keys the admin API made, as this instance knows them: a local copy, so a request's key is
 * checked without I/O, kept fresh by the store's change notices (Redis pub/sub) and by a full
 * refresh every `refreshMs` (so a change reaches every instance within that, notice or not).
 * While the store cannot be read the last known keys stay in force (fail static).
 */
export interface ApiKeys {
  readonly storeName: string;
  /** Reads every key and starts listening and refreshing; rejects when the store cannot be read. */
  start(): Promise<void>;
  /**
   * The caller of the key whose secret has this digest: its current one, or the one a rotation
   * replaced while its grace lasts. Undefined for a digest no key ever had; a 401 for a key
   * revoked, expired or rotated out.
   */
  callerOf(digest: string): Caller | undefined;
  /** The key's own limits, for the rate limiter: the same object while they stay the same. */
  limitsOf(id: string): Limits | undefined;
  /** Reads the store now (the admin API does, to answer with the fleet's latest). */
  refresh(): Promise<void>;
  list(): ApiKeyRecord[];
  get(id: string): ApiKeyRecord | undefined;
  create(input: ApiKeyInput): Promise<{ record: ApiKeyRecord; secret: string }>;
  /** A new secret; the old one stays valid for `graceMs` (0: it is dead at once). */
  rotate(id: string, graceMs: number): Promise<{ record: ApiKeyRecord; secret: string }>;
  revoke(id: string): Promise<ApiKeyRecord>;
  listen(listener: (event: ApiKeysEvent) => void): () => void;
  close(): Promise<void>;
}

/** Admin writes that lost a race to another write read again; past this many, a 409. */
const MAX_WRITE_ATTEMPTS = 5;

export const noSuchKey = (id: string) =>
  new RequestFieldError(null, `No API key with id "${id}"`, { code: 'not_found', status: 404 });
const refused = (message: string, code = 'invalid_api_key') =>
  new RequestFieldError(null, message, { code, status: 401 });

export function createApiKeys(options: ApiKeysOptions): ApiKeys {
  const { store, clock, refreshMs } = options;
  const byId = new Map<string, ApiKeyRecord>();
  /** Current secrets, and those a rotation replaced (while the record keeps them). */
  const byDigest = new Map<string, ApiKeyRecord>();
  const limits = new WeakMap<ApiKeyRecord, Limits | undefined>();
  const limitsOf = (id: string): Limits | undefined => {
    const record = byId.get(id);
    if (!record) return undefined;
    if (!limits.has(record)) limits.set(record, limitsOfRecord(record));
    return limits.get(record);
  };
  const listeners = new Set<(event: ApiKeysEvent) => void>();
  const emit = (event: ApiKeysEvent) => {
    for (const listener of listeners) listener(event);
  };
  let stamp: string | undefined;
  let down = false;
  let stopTimer: (() => void) | undefined;
  let closed = false;

  /** Takes a record unless this instance already has it at a later version; true if taken. */
  const apply = (record: ApiKeyRecord): boolean => {
    const known = byId.get(record.id);
    if (known && known.version >= record.version) return false;
    if (known) {
      byDigest.delete(known.digest);
      if (known.previous) byDigest.delete(known.previous.digest);
    }
    byId.set(record.id, record);
    byDigest.set(record.digest, record);
    if (record.previous) byDigest.set(record.previous.digest, record);
    return true;
  };

  const load = async () => {
    const reading = await store.load(stamp);
    if (down) emit({ type: 'api-keys-store-up', store: store.name });
    down = false;
    let changed = 0;
    for (const record of reading.records ?? []) if (apply(record)) changed++;
    stamp = reading.stamp;
    if (changed > 0) emit({ type: 'api-keys-changed', keys: changed });
  };

  /** One read at a time; a change announced during one gets a read of its own after it. */
  let reading: Promise<void> | undefined;
  let again = false;
  const refresh = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };

  const refreshInBackground = async () => {
    try {
      await refresh();
    } catch (error) {
      if (!down) {
        const detail = error instanceof Error ? error.message : String(error);
        emit({ type: 'api-keys-store-down', store: store.name, detail });
      }
      down = true;
    }
  };

  const schedule = () => {
    stopTimer = startTimer(clock, refreshMs, () => {
      void refreshInBackground().then(() => {
        if (!closed) schedule();
      });
    });
  };

  /** Writes a change over the latest version, reading again after losing a race. */
  const update = async (id: string, change: (record: ApiKeyRecord) => ApiKeyRecord) => {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      await refresh();
      const current = byId.get(id);
      if (!current) throw noSuchKey(id);
      const next = { ...change(current), version: current.version + 1 };
      if (await store.save(next)) {
        apply(next);
        return next;
      }
    }
    throw new RequestFieldError(null, `API key "${id}" is being changed by another request`, {
      code: 'conflict',
      status: 409,
    });
  };

  return {
    storeName: store.name,
    async start() {
      if (options.startDegraded) await refreshInBackground();
      else await refresh();
      await store.watch?.(() => {
        if (!closed) void refreshInBackground();
      });
      schedule();
    },
    callerOf(digest) {
      const record = byDigest.get(digest);
      if (!record) return undefined;
      const now = clock.now();
      if (record.revokedAt !== undefined) throw refused('This API key was revoked');
      if (record.expiresAt !== undefined && now >= record.expiresAt) {
        const at = new Date(record.expiresAt).toISOString();
        throw refused(`This API key expired at ${at}`, 'expired_api_key');
      }
      const current = record.digest === digest;
      if (!current && now >= (record.previous?.validUntil ?? 0)) {
        throw refused('This API key was rotated: use its new secret');
      }
      return {
        tenant: record.tenant,
        keyId: record.id,
        allowedModels: record.allowedModels,
        ownLimits: limitsOf(record.id) !== undefined,
      };
    },
    limitsOf,
    refresh,
    list: () => [...byId.values()].sort((a, b) => a.createdAt - b.createdAt),
    get: (id) => byId.get(id),
    async create(input) {
      const { secret, digest, hint } = newSecret();
      const record: ApiKeyRecord = {
        ...input,
        id: `key_${randomBytes(12).toString('base64url')}`,
        digest,
        hint,
        createdAt: clock.now(),
        version: 1,
      };
      // 96 random bits: an id already taken is not worth a retry.
      if (!(await store.save(record))) throw new Error('API key id collision');
      apply(record);
      return { record, secret };
    },
    async rotate(id, graceMs) {
      const made = newSecret();
      const record = await update(id, (current) => {
        if (current.revokedAt !== undefined) {
          throw new RequestFieldError(null, `API key "${id}" is revoked: make a new one`, {
            code: 'key_revoked',
            status: 409,
          });
        }
        const now = clock.now();
        const { previous: _, ...rest } = current;
        return {
          ...rest,
          digest: made.digest,
          hint: made.hint,
          rotatedAt: now,
          ...(graceMs > 0 && {
            previous: { digest: current.digest, hint: current.hint, validUntil: now + graceMs },
          }),
        };
      });
      return { record, secret: made.secret };
    },
    revoke: (id) =>
      update(id, (current) => ({ ...current, revokedAt: current.revokedAt ?? clock.now() })),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      stopTimer?.();
      await store.close?.();
    },
  };
}
