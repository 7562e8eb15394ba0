import { LlmuxError } from '@llmux/core';
import { validateLimitsByScope } from '@llmux/ratelimit';
import type { RouterConfig } from '@llmux/router';
import { ConfigIssues, Section } from './config-fields.js';
import {
  type AdminSettings,
  type BatchSettings,
  type CacheSettings,
  defaultApiKeyEnv,
  type FailoverSettings,
  type GatewayConfig,
  type LlmuxConfig,
  type LoggingSettings,
  logLevels,
  type ProviderConfig,
  type ProviderName,
  providerNames,
  type RateLimitSettings,
  type RedisSettings,
  type RouterSettings,
  routerPresets,
  type SimulatorSettings,
  type TenantConfig,
  type TracingSettings,
} from './config-schema.js';
import { checkDeploymentGroups, parseDeployments } from './parse-deployments.js';
import { parseEmbeddings } from './parse-embeddings-config.js';

type Env = Record<string, string | undefined>;

const MiB = 1024 * 1024;

function gateway(section: Section): GatewayConfig {
  section.only([
    'host',
    'port',
    'workers',
    'maxBodyBytes',
    'shutdownTimeoutMs',
    'headersTimeoutMs',
    'bodyTimeoutMs',
    'maxConnections',
  ]);
  const workers =
    section.raw('workers') === undefined || section.raw('workers') === 'auto'
      ? 'auto'
      : section.number('workers', { integer: true, min: 1, max: 256 }, 1);
  return {
    host: section.string('host', '127.0.0.1'),
    port: section.number('port', { integer: true, min: 0, max: 65_535 }, 8787),
    workers,
    maxBodyBytes: section.number('maxBodyBytes', { integer: true, min: 1 }, MiB),
    shutdownTimeoutMs: section.number('shutdownTimeoutMs', { min: 0 }, 10_000),
    headersTimeoutMs: section.number('headersTimeoutMs', { min: 100 }, 10_000),
    bodyTimeoutMs: section.number('bodyTimeoutMs', { min: 100 }, 30_000),
    maxConnections: section.number('maxConnections', { integer: true, min: 1 }, 4096),
  };
}

export function simulator(section: Section): SimulatorSettings {
  section.only(['latencyMs', 'timeToFirstTokenMs', 'chunkIntervalMs', 'chunkSize']);
  const ms = (key: string) => section.number(key, { min: 0 });
  return Object.fromEntries(
    Object.entries({
      latencyMs: ms('latencyMs'),
      timeToFirstTokenMs: ms('timeToFirstTokenMs'),
      chunkIntervalMs: ms('chunkIntervalMs'),
      chunkSize: section.number('chunkSize', { integer: true, min: 1 }),
    }).filter(([, value]) => value !== undefined),
  );
}

function provider(section: Section, name: ProviderName): ProviderConfig {
  section.only(['simulate', 'apiKeyEnv', 'baseURL', 'simulator']);
  return {
    simulate: section.boolean('simulate', false),
    apiKeyEnv: section.envName('apiKeyEnv', defaultApiKeyEnv[name]),
    baseURL: section.url('baseURL'),
    simulator: simulator(section.section('simulator')),
  };
}

function tenants(section: Section): Record<string, TenantConfig> {
  const result: Record<string, TenantConfig> = {};
  for (const name of section.keys()) {
    const tenant = section.section(name).only(['keyEnv']);
    const keyEnv = tenant.envName('keyEnv');
    if (keyEnv === undefined) tenant.problem('keyEnv', 'is required');
    else result[name] = { keyEnv };
  }
  return result;
}

function router(section: Section): RouterSettings {
  section.only([
    'preset',
    'budgetGuards',
    'candidates',
    'groups',
    'rules',
    'strategy',
    'healthPolicy',
    'minHeadroom',
  ]);
  const preset = section.oneOf('preset', routerPresets);
  if (preset === undefined && !section.has('candidates')) {
    section.problem(
      'preset',
      `is required unless router.candidates is given (one of ${routerPresets.join(', ')})`,
    );
  }
  // The rules themselves are checked by createRouter, which names every bad field.
  const rest = Object.fromEntries(
    ['candidates', 'groups', 'rules', 'strategy', 'healthPolicy', 'minHeadroom']
      .filter((key) => section.has(key))
      .map((key) => [key, section.raw(key)]),
  );
  return {
    ...(rest as Partial<RouterConfig>),
    preset,
    budgetGuards: section.boolean('budgetGuards', false),
  };
}

function failover(section: Section): FailoverSettings {
  section.only(['retry', 'breaker', 'timeouts', 'hedge', 'failoverOn', 'capacity']);
  if (section.section('breaker').has('store')) {
    section.section('breaker').problem('store', 'is chosen by the stack (Redis when redis is set)');
  }
  // The values are checked by createFailover, which names the bad field.
  return Object.fromEntries(
    section.keys().map((key) => [key, section.raw(key)]),
  ) as FailoverSettings;
}

function rateLimits(section: Section): RateLimitSettings | undefined {
  section.only(['limits', 'mode', 'maxWaitMs', 'outage']);
  if (!section.has('limits')) {
    if (section.keys().length > 0) section.problem('limits', 'is required');
    return undefined;
  }
  let limits: RateLimitSettings['limits'] = {};
  try {
    limits = validateLimitsByScope(section.raw('limits'), section.at('limits'));
  } catch (error) {
    section.problem('limits', error instanceof Error ? error.message : String(error));
  }
  return {
    limits,
    mode: section.oneOf('mode', ['wait', 'fail-fast'] as const, 'wait'),
    maxWaitMs: section.number('maxWaitMs', { min: 0 }),
    // Checked by rateLimit, which names the bad field.
    ...(section.has('outage') && { outage: section.raw('outage') as RateLimitSettings['outage'] }),
  };
}

function cache(section: Section): CacheSettings {
  section.only(['enabled', 'ttlMs', 'cacheNonDeterministic', 'maxEntries', 'maxBytes']);
  return {
    enabled: section.boolean('enabled', true),
    ttlMs: section.number('ttlMs', { min: 1 }),
    cacheNonDeterministic: section.boolean('cacheNonDeterministic', false),
    maxEntries: section.number('maxEntries', { integer: true, min: 1 }),
    maxBytes: section.number('maxBytes', { integer: true, min: 1 }),
  };
}

function batch(section: Section): BatchSettings {
  section.only(['enabled', 'minBatchSize', 'maxWaitMs']);
  return {
    enabled: section.boolean('enabled', true),
    minBatchSize: section.number('minBatchSize', { integer: true, min: 1 }),
    maxWaitMs: section.number('maxWaitMs', { min: 0 }),
  };
}

function redis(section: Section, env: Env): RedisSettings | undefined {
  section.only([
    'url',
    'urlEnv',
    'prefix',
    'connectTimeoutMs',
    'whenUnavailable',
    'commandTimeoutMs',
    'retryMs',
  ]);
  const prefix = section.string('prefix', 'llmux:');
  const timing = {
    connectTimeoutMs: section.number('connectTimeoutMs', { min: 1 }, 3000),
    whenUnavailable: section.oneOf('whenUnavailable', ['fail', 'degraded'] as const, 'fail'),
    commandTimeoutMs: section.number('commandTimeoutMs', { min: 1 }, 250),
    retryMs: section.number('retryMs', { min: 1 }, 1000),
  };
  if (/[{}]/.test(prefix)) section.problem('prefix', 'must not contain { or }');
  const urlEnv = section.envName('urlEnv');
  if (section.has('url') && urlEnv !== undefined) {
    section.problem('url', 'and redis.urlEnv are exclusive: give one');
  }
  const fromEnv = urlEnv === undefined ? undefined : env[urlEnv];
  if (urlEnv !== undefined && !fromEnv) {
    section.problem('urlEnv', `names ${urlEnv}, which is not set`);
    return undefined;
  }
  const url = fromEnv ?? section.url('url');
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol)) {
    section.problem(urlEnv ? 'urlEnv' : 'url', 'must hold a redis:// or rediss:// URL');
    return undefined;
  }
  if (!urlEnv && parsed.password) {
    section.problem('url', 'holds a password: secrets go in the environment (use redis.urlEnv)');
  }
  return { url, prefix, ...timing };
}

function admin(section: Section): AdminSettings {
  section.only(['keyEnv', 'keysFile', 'refreshMs']);
  return {
    keyEnv: section.envName('keyEnv', 'LLMUX_ADMIN_KEY'),
    keysFile: section.string('keysFile'),
    refreshMs: section.number('refreshMs', { min: 100, max: 60_000 }, 2000),
  };
}

function logging(section: Section): LoggingSettings {
  section.only(['level', 'file']);
  return { level: section.oneOf('level', logLevels, 'info'), file: section.string('file') };
}

function tracing(section: Section): TracingSettings {
  const otlpMetricsEndpoint = section.url('otlpMetricsEndpoint');
  return {
    otlpEndpoint: section.url('otlpEndpoint'),
    ...(otlpMetricsEndpoint !== undefined && { otlpMetricsEndpoint }),
  };
}

/**
 * Checks a parsed configuration file and fills its defaults. Throws one `invalid_request` error
 * that lists every bad field by its path (`gateway.port: must be an integer ...`).
 */
export function parseConfig(raw: unknown, env: Env = process.env, source = 'config'): LlmuxConfig {
  const issues = new ConfigIssues();
  const root = Section.of(raw, '', issues).only([
    '$schema',
    'gateway',
    'providers',
    'deployments',
    'tenants',
    'router',
    'failover',
    'rateLimits',
    'cache',
    'batch',
    'embeddings',
    'redis',
    'logging',
    'tracing',
    'admin',
  ]);
  const providersSection = root.section('providers').only(providerNames);
  const providers = Object.fromEntries(
    providerNames.map((name) => [name, provider(providersSection.section(name), name)]),
  ) as Record<ProviderName, ProviderConfig>;
  const routerSettings = router(root.section('router'));
  const deployments = parseDeployments(root.raw('deployments'), providers, issues);
  checkDeploymentGroups(deployments, routerSettings, issues);
  const config: LlmuxConfig = {
    gateway: gateway(root.section('gateway')),
    providers,
    deployments,
    tenants: tenants(root.section('tenants')),
    router: routerSettings,
    failover: failover(root.section('failover')),
    rateLimits: rateLimits(root.section('rateLimits')),
    cache: cache(root.section('cache')),
    batch: batch(root.section('batch')),
    embeddings: root.has('embeddings') ? parseEmbeddings(root.section('embeddings')) : undefined,
    redis: root.has('redis') ? redis(root.section('redis'), env) : undefined,
    logging: logging(root.section('logging')),
    tracing: tracing(root.section('tracing').only(['otlpEndpoint', 'otlpMetricsEndpoint'])),
    admin: admin(root.section('admin')),
  };
  // A limit for a tenant that does not exist (a typo, mostly) would never apply.
  for (const tenant of Object.keys(config.rateLimits?.limits.tenants ?? {})) {
    if (!(tenant in config.tenants)) {
      issues.add(
        `rateLimits.limits.tenants.${tenant}`,
        `names no tenant (tenants: ${Object.keys(config.tenants).join(', ') || 'none'})`,
      );
    }
  }
  if (issues.list.length > 0) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Invalid configuration (${source}):\n  ${issues.list.join('\n  ')}`,
    });
  }
  return config;
}
