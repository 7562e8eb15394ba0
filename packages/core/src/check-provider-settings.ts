import { LlmuxError } from './errors.js';

/** The connection settings every provider factory takes (`createClaude`, `createOpenAI`, ...). */
export const connectionSettings = ['apiKey', 'baseURL', 'headers', 'fetch', 'timeoutMs'] as const;

/** A factory setting that is wrong: an `invalid_request` naming the factory and the field. */
export const invalidSetting = (factory: string, field: string, problem: string): LlmuxError =>
  new LlmuxError({ kind: 'invalid_request', message: `${factory}: "${field}" ${problem}` });

/** A factory found no API key: an `authentication` error saying where to put one. */
export const missingApiKeyError = (
  factory: string,
  provider: string,
  envVariables: readonly string[],
): LlmuxError =>
  new LlmuxError({
    kind: 'authentication',
    message: `${factory} needs an API key: pass "apiKey" or set ${envVariables.join(' or ')}`,
    provider,
  });

const isHttpUrl = (value: unknown): boolean =>
  typeof value === 'string' &&
  URL.canParse(value) &&
  ['http:', 'https:'].includes(new URL(value).protocol);

/**
 * Checks the settings provider factories share, throwing `invalidSetting` for the first wrong one.
 * An injected `client` brings its own connection, so it excludes `connectionFields`: the shared
 * connection settings and any of the provider's own (an API version, an organization).
 */
export function checkProviderSettings(
  factory: string,
  settings: unknown,
  connectionFields: readonly string[] = connectionSettings,
): void {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw invalidSetting(factory, 'settings', 'must be an object');
  }
  const given = settings as Record<string, unknown>;
  const { apiKey, baseURL, headers, fetch, timeoutMs } = given;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw invalidSetting(factory, 'apiKey', 'must be a non-empty string');
  }
  if (baseURL !== undefined && !isHttpUrl(baseURL)) {
    throw invalidSetting(
      factory,
      'baseURL',
      `must be an http(s) URL, got ${JSON.stringify(baseURL)}`,
    );
  }
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    throw invalidSetting(factory, 'headers', 'must be an object of string values');
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw invalidSetting(factory, 'fetch', 'must be a function');
  }
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw invalidSetting(
      factory,
      'timeoutMs',
      `must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  if (given.client !== undefined) {
    const clashing = connectionFields.filter((field) => given[field] !== undefined);
    if (clashing.length > 0) {
      throw invalidSetting(
        factory,
        'client',
        `cannot be combined with ${clashing.join(', ')}; set them on the client`,
      );
    }
  }
}
