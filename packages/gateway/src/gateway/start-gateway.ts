import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  type Clock,
  combineObservers,
  type IdGenerator,
  LlmuxError,
  systemClock,
} from '@llmux/core';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { DestinationStream } from 'pino';
import { createClient } from 'redis';
import type { LlmuxConfig, RedisSettings } from '../config/config-schema.js';
import { createDashboardData } from '../dashboard/dashboard-data.js';
import { createDashboardRoutes } from '../dashboard/dashboard-routes.js';
import { createDashboardStats } from '../dashboard/dashboard-stats.js';
import { createFleetStats } from '../dashboard/fleet-stats.js';
import { routingBaselineCost } from '../dashboard/routing-baseline.js';
import { createAdminRoutes } from '../keys/admin-routes.js';
import { scrubApiKeySecrets } from '../keys/api-key-record.js';
import type { ApiKeys } from '../keys/api-keys.js';
import { resolveGatewayKeys, startApiKeys } from '../keys/gateway-keys.js';
import { createGenAiMetrics } from '../observability/genai-metrics.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createRequestLogger, type RequestLogger } from '../observability/request-logger.js';
import { createSecretScrubber } from '../observability/secret-scrubber.js';
import { stackServers } from '../observability/stack-servers.js';
import { createTracing } from '../observability/tracing.js';
import { createStack, type Stack } from '../stack/create-stack.js';
import type { RedisClient } from '../stack/shared-stores.js';
import { keyDigest } from './auth.js';
import { createBatchService } from './batch-service.js';
import { createInputTokenCounter } from './count-input-tokens.js';
import { createGateway, type Gateway } from './server.js';

export interface StartGatewayOptions {
  env?: Record<string, string | undefined>;
  /** Call the real provider APIs whose keys are set. */
  live?: boolean;
  clock?: Clock;
  ids?: IdGenerator;
  /** Overrides `gateway.port` (0: a free port). */
  port?: number;
  /** Log lines go here instead of the configured stdout or file (tests). */
  logDestination?: DestinationStream;
  tracer?: Tracer;
  /** Where the GenAI client metrics go; default the meter provider registered globally. */
  meter?: Meter;
  /** The `/metrics` page of a cluster, which adds up every worker. */
  renderMetrics?: () => Promise<string>;
}

export interface RunningGateway {
  readonly gateway: Gateway;
  readonly stack: Stack;
  /** The keys the admin API made, with an admin key set. */
  readonly apiKeys: ApiKeys | undefined;
  readonly metrics: Metrics;
  readonly logger: RequestLogger;
  readonly address: AddressInfo;
  /** `http://host:port` */
  readonly url: string;
  /** Drains requests in flight (up to `gateway.shutdownTimeoutMs`), then stops everything. */
  stop(): Promise<void>;
}

/** The URL without its credentials, for messages. */
const redisAddress = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
};

/**
 * Connects to Redis within `connectTimeoutMs`. Commands are never queued while the client is
 * disconnected (they would run late, after their callers gave up). A Redis that cannot be reached
 * fails the start with a clear error, or with `whenUnavailable: degraded` the gateway starts
 * without it and the client keeps trying in the background.
 */
async function connectRedis(settings: RedisSettings, clock: Clock): Promise<RedisClient> {
  const client = createClient({
    url: settings.url,
    disableOfflineQueue: true,
    // Fail fast and retry often: an outage should cost requests nothing and end quickly.
    socket: {
      connectTimeout: Math.min(1000, settings.connectTimeoutMs),
      reconnectStrategy: (retries) => Math.min(retries * 100, 2000),
    },
  }) as RedisClient;
  let lastError = 'no answer';
  // node-redis requires a listener; readiness and the store events report the outage.
  client.on('error', (error: Error) => {
    lastError = error.message || error.name;
  });
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  const stop = new AbortController();
  const timedOut = clock.sleep(settings.connectTimeoutMs, stop.signal).then(
    () => false,
    () => false,
  );
  const ok = await Promise.race([connected, timedOut]);
  stop.abort();
  if (ok) return client;
  if (settings.whenUnavailable === 'degraded') return client;
  client.destroy();
  throw new LlmuxError({
    kind: 'network',
    message: `Redis at ${redisAddress(settings.url)} could not be reached within ${settings.connectTimeoutMs} ms (${lastError}). Start it, fix redis.url, or set redis.whenUnavailable to "degraded" to start without it.`,
    provider: 'redis',
  });
}

/** Quits a connected client; one that is still trying to connect is let go at once. */
async function closeRedis(client: RedisClient | undefined): Promise<void> {
  if (!client) return;
  if (!client.isReady) return void client.destroy();
  await client.quit().catch(() => client.destroy());
}

/**
 * One gateway process: checks the tenant keys (and, with an admin key, opens the store of those
 * the admin API makes), builds the logger, metrics, tracing and the stack, and listens. Throws an
 * `invalid_request` error naming the field of any bad configuration.
 */
export async function startGateway(
  config: LlmuxConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const { env = process.env, live = false, clock = systemClock } = options;
  // Keys the admin API made are taken once their store is open (below, after Redis).
  let apiKeys: ApiKeys | undefined;
  const { keys, adminKey } = resolveGatewayKeys(config, env, () => apiKeys);
  const providerKeys = Object.values(config.providers).map((p) => env[p.apiKeyEnv]);
  const redisPassword = config.redis && new URL(config.redis.url).password;
  const scrubKnown = createSecretScrubber([
    ...keys.secrets,
    ...providerKeys,
    redisPassword || undefined,
    adminKey,
  ]);
  const scrub = (text: string) => scrubApiKeySecrets(scrubKnown(text));
  const logger = createRequestLogger({
    level: config.logging.level,
    file: config.logging.file,
    destination: options.logDestination,
    scrub,
  });
  const metrics = createMetrics();
  let stack: Stack;
  const dashboardStats = createDashboardStats({
    clock,
    baselineCostOf: (record) => routingBaselineCost(record, stack?.candidates[0]),
  });
  const redis = config.redis ? await connectRedis(config.redis, clock) : undefined;
  const serverOf = stackServers(() => stack);
  const tracing = createTracing({ tracer: options.tracer, serverOf });
  try {
    if (adminKey !== undefined) {
      apiKeys = await startApiKeys(config, { redis, clock });
      apiKeys.listen((event) =>
        event.type === 'api-keys-store-down'
          ? logger.logger.warn({ ...event, detail: scrub(event.detail) }, event.type)
          : logger.logger.info(event, event.type),
      );
    }
    stack = await createStack(config, {
      keyLimits: apiKeys?.limitsOf,
      clock,
      ids: options.ids,
      live,
      env,
      redis,
      observer: combineObservers(
        logger.observer,
        metrics.observer,
        dashboardStats.observer,
        tracing.observer,
        createGenAiMetrics({ meter: options.meter, serverOf }).observer,
      ),
      runAttempt: tracing.runAttempt,
    });
  } catch (error) {
    await apiKeys?.close();
    await closeRedis(redis);
    throw error;
  }
  const batches = createBatchService({
    stack,
    clock,
    observer: (event) =>
      event.type === 'batch-step-failed'
        ? logger.logger.warn({ ...event, error: scrub(event.error.message) }, event.type)
        : logger.logger.info(event, event.type),
  });
  const fleet = createFleetStats({
    stats: dashboardStats,
    clock,
    instance: randomUUID().slice(0, 8),
    redis: redis &&
      config.redis && {
        client: redis,
        prefix: config.redis.prefix,
        timeoutMs: config.redis.commandTimeoutMs,
      },
  });
  const gateway = createGateway({
    model: stack.model,
    candidates: stack.candidates,
    readiness: () => stack.readiness(),
    keys,
    maxBodyBytes: config.gateway.maxBodyBytes,
    connections: config.gateway,
    deadlineMs: config.failover.timeouts?.totalMs,
    clock,
    ids: options.ids,
    metrics,
    renderMetrics: options.renderMetrics,
    scrub,
    batches,
    embeddings: stack.embeddings,
    countTokens: createInputTokenCounter({
      adapters: stack.layers.adapters,
      plan: (request) => stack.router.plan(request),
    }),
    admin: createAdminRoutes({
      admin:
        adminKey === undefined || !apiKeys
          ? undefined
          : { keyDigest: keyDigest(adminKey), apiKeys },
      keyEnv: config.admin.keyEnv,
      maxBodyBytes: config.gateway.maxBodyBytes,
      clock,
      onChange: (change) => logger.logger.info(change, 'admin'),
    }),
    dashboard: createDashboardRoutes({
      adminKey,
      keyEnv: config.admin.keyEnv,
      clock,
      maxBodyBytes: config.gateway.maxBodyBytes,
      data: createDashboardData({
        fleet,
        state: stack.state,
        tenants: Object.keys(config.tenants),
        clock,
      }),
    }),
    onRefused: (refusal) => logger.logger.info(refusal, 'refused'),
    onInternalError: (requestId, error) =>
      logger.logger.error({ request_id: requestId, error: scrub(String(error)) }, 'internal error'),
  });
  let address: AddressInfo;
  try {
    address = await gateway.listen(options.port ?? config.gateway.port, config.gateway.host);
  } catch (error) {
    fleet.stop();
    await batches.close();
    await stack.close();
    await apiKeys?.close();
    await closeRedis(redis);
    throw error;
  }
  return {
    gateway,
    stack,
    apiKeys,
    metrics,
    logger,
    address,
    url: `http://${address.address}:${address.port}`,
    async stop() {
      await gateway.shutdown(config.gateway.shutdownTimeoutMs);
      fleet.stop();
      // Jobs in flight are let go: another gateway process (or the next start) takes them over.
      await batches.close();
      await stack.close();
      await apiKeys?.close();
      await closeRedis(redis);
      logger.flush();
    },
  };
}
