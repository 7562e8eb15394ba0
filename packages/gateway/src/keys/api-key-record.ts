import { randomBytes } from 'node:crypto';
import type { Limits } from '@llmux/ratelimit';
import { keyDigest } from '../gateway/auth.js';

/** Every secret the admin API makes starts so: the scrubber finds them without knowing them. */
export const SECRET_PREFIX = 'llmux-sk-';

/** The limits a key may have of its own, beside its tenant's. */
export interface ApiKeyLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  concurrentRequests?: number;
}

/** An API key as stored: its secret only as a digest. */
export interface ApiKeyRecord {
  id: string;
  tenant: string;
  name?: string;
  /** SHA-256 of the secret (`keyDigest`). */
  digest: string;
  /** The secret's first characters, to tell keys apart: `llmux-sk-AbCd`. */
  hint: string;
  /** The secret a rotation replaced, valid until `validUntil` (epoch ms). */
  previous?: { digest: string; hint: string; validUntil: number };
  /** USD per UTC month. */
  budgetUsd?: number;
  limits?: ApiKeyLimits;
  /** Model names (as requests name them) the key may use; absent: any. */
  allowedModels?: string[];
  /** Epoch ms. */
  expiresAt?: number;
  metadata?: Record<string, string>;
  createdAt: number;
  rotatedAt?: number;
  revokedAt?: number;
  /** Counts the record's writes: a write is made only over the version it read. */
  version: number;
}

/** A new secret (32 random bytes, base64url) with what is stored of it. */
export function newSecret(): { secret: string; digest: string; hint: string } {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, digest: keyDigest(secret), hint: secret.slice(0, SECRET_PREFIX.length + 4) };
}

const SECRET_PATTERN = /llmux-sk-[A-Za-z0-9_-]{8,}/g;

/** Takes every admin-made secret out of a text, known to this process or not. */
export const scrubApiKeySecrets = (text: string): string =>
  text.replace(SECRET_PATTERN, `${SECRET_PREFIX}[redacted]`);

/** The key's own limits as the rate limiter takes them; undefined when it has none. */
export function limitsOfRecord(record: ApiKeyRecord): Limits | undefined {
  const limits: Limits = {
    ...record.limits,
    ...(record.budgetUsd !== undefined && { spendPerMonthUsd: record.budgetUsd }),
  };
  return Object.keys(limits).length > 0 ? limits : undefined;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** What the admin API shows of a key: never its secret or digest, only its hint. */
export function toApiKeyObject(record: ApiKeyRecord) {
  return {
    object: 'api_key' as const,
    id: record.id,
    name: record.name ?? null,
    tenant: record.tenant,
    prefix: `${record.hint}…`,
    budgetUsd: record.budgetUsd ?? null,
    limits: record.limits ?? {},
    allowedModels: record.allowedModels ?? null,
    metadata: record.metadata ?? {},
    createdAt: iso(record.createdAt),
    expiresAt: iso(record.expiresAt),
    rotatedAt: iso(record.rotatedAt),
    previousKey: record.previous
      ? { prefix: `${record.previous.hint}…`, validUntil: iso(record.previous.validUntil) }
      : null,
    revokedAt: iso(record.revokedAt),
  };
}
