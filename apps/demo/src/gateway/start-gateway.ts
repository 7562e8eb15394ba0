import type { AddressInfo } from 'node:net';
import { type Clock, combineObservers, type IdGenerator, systemClock } from '@llmux/core';
import type { Tracer } from '@opentelemetry/api';
import type { DestinationStream } from 'pino';
import { createClient } from 'redis';
import type { LlmuxConfig } from '../config/config-schema.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createRequestLogger, type RequestLogger } from '../observability/request-logger.js';
import { createSecretScrubber } from '../observability/secret-scrubber.js';
import { createTracingObserver } from '../observability/tracing.js';
import { createStack, type Stack } from '../stack/create-stack.js';
import type { RedisClient } from '../stack/shared-stores.js';
import { resolveTenantKeys } from './auth.js';
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
  /** The `/metrics` page of a cluster, which adds up every worker. */
  renderMetrics?: () => Promise<string>;
}

export interface RunningGateway {
  readonly gateway: Gateway;
  readonly stack: Stack;
  readonly metrics: Metrics;
  readonly logger: RequestLogger;
  readonly address: AddressInfo;
  /** `http://host:port` */
  readonly url: string;
  /** Drains requests in flight (up to `gateway.shutdownTimeoutMs`), then stops everything. */
  stop(): Promise<void>;
}

async function connectRedis(url: string): Promise<RedisClient> {
  const client = createClient({
    url,
    // Fail fast and retry often: an outage should cost requests nothing and end quickly.
    socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
  }) as RedisClient;
  client.on('error', () => {}); // node-redis requires a listener; readiness reports the outage
  await client.connect();
  return client;
}

/**
 * One gateway process: checks the tenant keys, builds the logger, metrics, tracing and the stack,
 * and listens. Throws an `invalid_request` error naming the field of any bad configuration.
 */
export async function startGateway(
  config: LlmuxConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const { env = process.env, live = false, clock = systemClock } = options;
  const keys = resolveTenantKeys(config.tenants, env);
  const providerKeys = Object.values(config.providers).map((p) => env[p.apiKeyEnv]);
  const redisPassword = config.redis && new URL(config.redis.url).password;
  const scrub = createSecretScrubber([
    ...keys.secrets,
    ...providerKeys,
    redisPassword || undefined,
  ]);
  const logger = createRequestLogger({
    level: config.logging.level,
    file: config.logging.file,
    destination: options.logDestination,
    scrub,
  });
  const metrics = createMetrics();
  const redis = config.redis ? await connectRedis(config.redis.url) : undefined;
  let stack: Stack;
  try {
    stack = await createStack(config, {
      clock,
      ids: options.ids,
      live,
      env,
      redis,
      observer: combineObservers(
        logger.observer,
        metrics.observer,
        createTracingObserver({ tracer: options.tracer }),
      ),
    });
  } catch (error) {
    await redis?.quit();
    throw error;
  }
  const gateway = createGateway({
    model: stack.model,
    candidates: stack.candidates,
    readiness: () => stack.readiness(),
    keys,
    maxBodyBytes: config.gateway.maxBodyBytes,
    clock,
    ids: options.ids,
    metrics,
    renderMetrics: options.renderMetrics,
    scrub,
    onRefused: (refusal) => logger.logger.info(refusal, 'refused'),
    onInternalError: (requestId, error) =>
      logger.logger.error({ request_id: requestId, error: scrub(String(error)) }, 'internal error'),
  });
  let address: AddressInfo;
  try {
    address = await gateway.listen(options.port ?? config.gateway.port, config.gateway.host);
  } catch (error) {
    await stack.close();
    await redis?.quit();
    throw error;
  }
  return {
    gateway,
    stack,
    metrics,
    logger,
    address,
    url: `http://${address.address}:${address.port}`,
    async stop() {
      await gateway.shutdown(config.gateway.shutdownTimeoutMs);
      await stack.close();
      await redis?.quit();
      logger.flush();
    },
  };
}
