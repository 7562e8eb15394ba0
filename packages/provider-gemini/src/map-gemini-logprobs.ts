import type { LogprobsResult } from '@google/genai';
import type { TokenLogprob } from '@llmux/core';

/** A candidate's `logprobsResult` as core's token logprobs, each with its top candidates. */
export function mapGeminiLogprobs(result: LogprobsResult | undefined): TokenLogprob[] | undefined {
  const chosen = result?.chosenCandidates;
  if (!chosen?.length) return undefined;
  return chosen.map((candidate, i) => {
    const top = result?.topCandidates?.[i]?.candidates ?? [];
    return {
      token: candidate.token ?? '',
      logprob: candidate.logProbability ?? 0,
      ...(top.length > 0
        ? {
            top: top.map((alt) => ({ token: alt.token ?? '', logprob: alt.logProbability ?? 0 })),
          }
        : {}),
    };
  });
}
