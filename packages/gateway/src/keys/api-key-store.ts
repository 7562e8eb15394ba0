import type { ApiKeyRecord } from './api-key-record.js';

/** A reading of every key, with a stamp that changes whenever any key does. */
export interface ApiKeyReading {
  stamp: string;
  /** Absent when the stamp is the one asked with: nothing changed. */
  records?: ApiKeyRecord[];
}

/**
 * Where API keys are kept: Redis (every instance of a fleet shares them), a file (one host), or
 * memory (one process). Instances read it all, often; writes are rare (the admin API).
 */
export interface ApiKeyStore {
  /** Names the store in messages: `redis`, `file /etc/llmux/llmux.keys.json`, `memory`. */
  readonly name: string;
  /** Every key, unless the stamp is still `since`. */
  load(since?: string): Promise<ApiKeyReading>;
  /**
   * Writes `record` if the stored one is still at `record.version - 1` (absent for version 1);
   * false when another write came first (read again and retry).
   */
  save(record: ApiKeyRecord): Promise<boolean>;
  /** Calls `changed` soon after another process writes (Redis pub/sub); resolves once listening. */
  watch?(changed: () => void): Promise<void>;
  close?(): Promise<void>;
}

/** The stored record is the one a write read (compare-and-set). */
export const isVersionBefore = (stored: ApiKeyRecord | undefined, next: ApiKeyRecord) =>
  (stored?.version ?? 0) === next.version - 1;
