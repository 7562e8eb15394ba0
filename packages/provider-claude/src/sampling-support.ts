import { claudeVersion } from './claude-model-version.js';

/**
 * Whether a model still takes `temperature`, `top_p` and `top_k`. Anthropic removed them from
 * Claude Opus 4.7 on (a 400 "`temperature` is deprecated for this model"), and the SDK no longer
 * types them; Claude 3 and the Claude 4 models up to 4.6 still accept them.
 */
export function acceptsSamplingParameters(modelId: string): boolean {
  const version = claudeVersion(modelId);
  if (!version) return false;
  return version.major === 3 || (version.major === 4 && version.minor <= 6);
}
