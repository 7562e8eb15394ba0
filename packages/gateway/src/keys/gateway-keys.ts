import { type Clock, LlmuxError } from '@llmux/core';
import type { LlmuxConfig } from '../config/config-schema.js';
import { MIN_KEY_LENGTH, resolveTenantKeys, type TenantKeys } from '../gateway/auth.js';
import type { RedisClient } from '../stack/shared-stores.js';
import { type ApiKeys, createApiKeys } from './api-keys.js';
import { createFileApiKeyStore } from './file-api-key-store.js';
import { createMemoryApiKeyStore } from './memory-api-key-store.js';
import { createRedisApiKeyStore } from './redis-api-key-store.js';

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

/**
 * The keys a gateway takes: its tenants' (configured) and, with an admin key set, those the admin
 * API makes (`apiKeys()`, once their store is open). Throws `invalid_request` naming the field of
 * a bad key: unset, too short, or an admin key that is also a tenant's.
 */
export function resolveGatewayKeys(
  config: Pick<LlmuxConfig, 'tenants' | 'admin'>,
  env: Record<string, string | undefined>,
  apiKeys: () => ApiKeys | undefined,
): { keys: TenantKeys; adminKey: string | undefined } {
  const { keyEnv } = config.admin;
  const adminKey = env[keyEnv] || undefined;
  if (adminKey !== undefined && adminKey.length < MIN_KEY_LENGTH) {
    throw invalid(
      `admin.keyEnv: the key in ${keyEnv} is shorter than ${MIN_KEY_LENGTH} characters`,
    );
  }
  const keys = resolveTenantKeys(
    config.tenants,
    env,
    adminKey === undefined ? undefined : { callerOf: (digest) => apiKeys()?.callerOf(digest) },
  );
  if (adminKey !== undefined && keys.secrets.includes(adminKey)) {
    throw invalid(`admin.keyEnv: ${keyEnv} holds a tenant's key; the admin key must be its own`);
  }
  return { keys, adminKey };
}

/**
 * Opens the store of admin-made keys (Redis when configured, so a fleet shares them; else
 * `admin.keysFile`; else memory) and reads them all. Rejects when the store cannot be read.
 */
export async function startApiKeys(
  config: Pick<LlmuxConfig, 'admin' | 'redis'>,
  options: { redis?: RedisClient; clock: Clock },
): Promise<ApiKeys> {
  const { redis, clock } = options;
  const store =
    redis && config.redis
      ? createRedisApiKeyStore({
          client: redis,
          prefix: config.redis.prefix,
          timeoutMs: config.redis.commandTimeoutMs,
          connectTimeoutMs: config.redis.connectTimeoutMs,
          clock,
        })
      : config.admin.keysFile
        ? createFileApiKeyStore(config.admin.keysFile)
        : createMemoryApiKeyStore();
  const apiKeys = createApiKeys({
    store,
    clock,
    refreshMs: config.admin.refreshMs,
    startDegraded: config.redis?.whenUnavailable === 'degraded',
  });
  try {
    await apiKeys.start();
  } catch (error) {
    await apiKeys.close();
    throw error;
  }
  return apiKeys;
}
