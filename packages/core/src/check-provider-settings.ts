import { LlmuxError } from './errors.js';
import { invalidOption } from './invalid-option.js';

/** The connection settings every provider factory takes (`createClaude`, `createOpenAI`, ...). */
export const connectionSettings = ['apiKey', 'baseURL', 'headers', 'fetch', 'timeoutMs'] as const;

/** A wrong factory setting, as core's `invalidOption` reports one: `Invalid createAcme setting "x"`. */
export const invalidSetting = (
  factory: string,
  field: string,
  expected: string,
  got: unknown,
): LlmuxError => invalidOption(field, expected, got, `${factory} setting`);

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

/** Checks the model id a provider factory is called with. */
export function checkModelId(factory: string, modelId: unknown): void {
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    throw invalidSetting(factory, 'modelId', 'a non-empty string', modelId);
  }
}

/**
 * Checks the settings provider factories share, throwing `invalidSetting` for the first wrong one
 * (objects show by their kind, so headers never land in the message). An injected `client` brings
 * its own connection, so it excludes `connectionFields`: the shared connection settings and any of
 * the provider's own (an API version, an organization).
 */
export function checkProviderSettings(
  factory: string,
  settings: unknown,
  connectionFields: readonly string[] = connectionSettings,
): void {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw invalidSetting(factory, 'settings', 'an object', settings);
  }
  const given = settings as Record<string, unknown>;
  const { apiKey, baseURL, headers, fetch, timeoutMs } = given;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw invalidSetting(factory, 'apiKey', 'a non-empty string', apiKey);
  }
  if (baseURL !== undefined && !isHttpUrl(baseURL)) {
    throw invalidSetting(factory, 'baseURL', 'an http(s) URL', baseURL);
  }
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    throw invalidSetting(factory, 'headers', 'an object of string values', headers);
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw invalidSetting(factory, 'fetch', 'a function', fetch);
  }
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw invalidSetting(factory, 'timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  if (given.client !== undefined) {
    const clashing = connectionFields.filter((field) => given[field] !== undefined);
    if (clashing.length > 0) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `Invalid ${factory} setting "client": it cannot be combined with ${clashing.join(', ')}; set them on the client`,
      });
    }
  }
}
