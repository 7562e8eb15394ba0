import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LlmuxError } from '@llmux/core';
import type { TenantConfig } from '../config/config-schema.js';
import { RequestFieldError } from './request-field-error.js';

/** Who sends a request, as its key says. */
export interface Caller {
  tenant: string;
  /** The id of a key the admin API made; undefined for a configured tenant's key. */
  keyId?: string;
  /** The models the key may use, as requests name them; undefined: any. */
  allowedModels?: readonly string[];
  /** Whether the key has limits or a budget of its own, beside its tenant's. */
  ownLimits: boolean;
}

/** The keys the admin API made, as `resolveTenantKeys` consults them (see `createApiKeys`). */
export interface ApiKeyLookup {
  /** The caller of the key with this digest; undefined for none; a 401 for one no longer valid. */
  callerOf(digest: string): Caller | undefined;
}

/** Who a gateway API key belongs to. */
export interface TenantKeys {
  /**
   * The caller of a request's key, sent as `Authorization: Bearer <key>` (OpenAI's clients) or
   * `x-api-key: <key>` (Anthropic's); throws a 401 otherwise.
   */
  callerOf(headers: IncomingHttpHeaders): Caller;
  /** `callerOf(headers).tenant` */
  tenantOf(headers: IncomingHttpHeaders): string;
  /** The keys themselves, for scrubbing them out of anything that leaves the gateway. */
  readonly secrets: string[];
}

/** Keys are looked up by digest, so the lookup's timing says nothing of a key's characters. */
export const keyDigest = (key: string): string => hash('sha256', key, 'base64url');

export const MIN_KEY_LENGTH = 16;

const refused = (message: string) =>
  new RequestFieldError(null, message, { code: 'invalid_api_key', status: 401 });

/** The key a request sends; undefined when it is malformed. */
export function keyOf(headers: IncomingHttpHeaders): string | undefined {
  const { authorization } = headers;
  const apiKey = headers['x-api-key'];
  if (authorization === undefined && apiKey === undefined) {
    throw refused('Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"');
  }
  if (authorization !== undefined) return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/**
 * Reads each tenant's key from the environment variable its configuration names; with `apiKeys`,
 * the keys the admin API made are taken too. Throws an `invalid_request` error naming the field
 * when a variable is unset, a key is too short to be secret, or two tenants share a key; the key
 * itself is never in the message.
 */
export function resolveTenantKeys(
  tenants: Record<string, TenantConfig>,
  env: Record<string, string | undefined> = process.env,
  apiKeys?: ApiKeyLookup,
): TenantKeys {
  const problems: string[] = [];
  const byDigest = new Map<string, Caller>();
  const secrets: string[] = [];
  for (const [tenant, { keyEnv }] of Object.entries(tenants)) {
    const key = env[keyEnv];
    const field = `tenants.${tenant}.keyEnv`;
    if (!key) {
      problems.push(`${field}: the environment variable ${keyEnv} is not set`);
      continue;
    }
    if (key.length < MIN_KEY_LENGTH) {
      problems.push(`${field}: the key in ${keyEnv} is shorter than ${MIN_KEY_LENGTH} characters`);
      continue;
    }
    const other = byDigest.get(keyDigest(key));
    if (other !== undefined) {
      problems.push(`${field}: ${keyEnv} holds the same key as tenant "${other.tenant}"`);
      continue;
    }
    byDigest.set(keyDigest(key), { tenant, ownLimits: false });
    secrets.push(key);
  }
  if (byDigest.size === 0 && problems.length === 0 && !apiKeys) {
    problems.push('tenants: at least one tenant with a key is needed to serve');
  }
  if (problems.length > 0) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Invalid tenant keys:\n  ${problems.join('\n  ')}`,
    });
  }
  const callerOf = (headers: IncomingHttpHeaders): Caller => {
    const key = keyOf(headers);
    const sent = key === undefined ? undefined : keyDigest(key);
    const caller = sent === undefined ? undefined : (byDigest.get(sent) ?? apiKeys?.callerOf(sent));
    if (!caller) throw refused('Incorrect API key provided');
    return caller;
  };
  return { secrets, callerOf, tenantOf: (headers) => callerOf(headers).tenant };
}
