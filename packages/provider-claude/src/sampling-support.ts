/**
 * Whether a model still takes `temperature`, `top_p` and `top_k`. Anthropic removed them from
 * Claude Opus 4.7 on (a 400 "`temperature` is deprecated for this model"), and the SDK no longer
 * types them; Claude 3 and the Claude 4 models up to 4.6 still accept them.
 */
export function acceptsSamplingParameters(modelId: string): boolean {
  if (/^claude-3[-.]/.test(modelId)) return true;
  const match = /^claude-(?:haiku|sonnet|opus)-4(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(modelId);
  if (!match) return false;
  return Number(match[1] ?? 0) <= 6;
}
