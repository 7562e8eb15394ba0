/** Values shorter than this are not secrets worth hunting for (and would mangle ordinary text). */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of the given secrets (API keys, tenant keys) in a text by
 * `[redacted]`: the last guard on error messages that leave the gateway or reach the log.
 */
export function createSecretScrubber(secrets: Array<string | undefined>): (text: string) => string {
  const values = [...new Set(secrets)].filter(
    (secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH,
  );
  if (values.length === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole.
  const pattern = new RegExp(
    values
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, '[redacted]');
}
