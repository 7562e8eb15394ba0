import { LlmuxError } from '@llmux/core';
import { capabilitiesOf } from './capabilities.js';
import type { SimulatorDialect } from './types.js';

/** What every dialect must implement; the rest is optional (see `SimulatorDialect`). */
const required = [
  'route',
  'parse',
  'hasApiKey',
  'responseBody',
  'streamFrames',
  'errorReply',
  'streamErrorFrame',
] as const;

/** The member of a dialect each capability needs. */
const implementedBy = {
  countTokens: 'countTokensBody',
  embeddings: 'embedBody',
  batch: 'batchApi',
  rateLimitHeaders: 'rateLimitHeaders',
} as const;

/**
 * A dialect object given to `startSimulator`, checked before it serves a call: a provider name
 * and every method the engine calls unconditionally, or an `invalid_request` naming the field.
 */
export function checkDialect(dialect: SimulatorDialect): SimulatorDialect {
  const invalid = (field: string, expected: string) =>
    new LlmuxError({
      kind: 'invalid_request',
      message: `Simulator dialect "${field}" must be ${expected}`,
    });
  if (typeof dialect !== 'object' || dialect === null) throw invalid('dialect', 'an object');
  if (typeof dialect.provider !== 'string' || dialect.provider === '') {
    throw invalid('provider', 'a non-empty string');
  }
  for (const method of required) {
    if (typeof dialect[method] !== 'function') throw invalid(method, 'a function');
  }
  const { framing } = dialect;
  if (framing !== undefined && typeof framing?.encode !== 'function') {
    throw invalid('framing.encode', 'a function');
  }
  const capabilities = capabilitiesOf(dialect);
  for (const [flag, member] of Object.entries(implementedBy)) {
    const flagged = capabilities[flag as keyof typeof implementedBy];
    if (flagged && dialect[member] === undefined) {
      throw invalid(`capabilities.${flag}`, `false, or the dialect must have "${member}"`);
    }
  }
  return dialect;
}
