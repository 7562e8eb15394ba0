import { defaultCatalog, LlmuxError } from '@llmux/core';
import type { Stack } from '@llmux/gateway';
import { formatUsd } from '../report/format.js';
import { estimateLiveCost } from './live-estimate.js';
import type { Workload } from './workload.js';

export interface ConfirmOptions {
  out: { write(text: string): unknown };
  /** Skip the question. */
  yes: boolean;
  /** Asks a question on a terminal; absent when there is none to ask on. */
  ask?: (question: string) => Promise<string>;
}

/**
 * The `beforeStart` of a live run: says what will be called for real and roughly what it will
 * cost, then goes on with `--yes` or a "y" typed at the prompt, and stops otherwise.
 */
export const confirmLiveRun =
  (options: ConfirmOptions) =>
  async (stack: Stack, workload: Workload): Promise<void> => {
    const estimate = await estimateLiveCost(stack, workload, defaultCatalog);
    const simulated = stack.endpoints.filter((e) => e.mode === 'simulator').map((e) => e.provider);
    options.out.write(
      `Live run: ${estimate.liveProviders.join(', ')} called for real` +
        `${simulated.length ? ` (${simulated.join(', ')} on simulators)` : ''}. ` +
        `${estimate.liveRequests} of ${workload.items.length} requests are planned to a live model first: ` +
        `about ${formatUsd(estimate.typicalUsd)}, at most ${formatUsd(estimate.maxUsd)} at published prices (failover may move some elsewhere).\n`,
    );
    if (options.yes) return;
    if (!options.ask) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: 'No terminal to confirm on: add --yes to run against the real APIs',
      });
    }
    const answer = await options.ask('Proceed? [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new LlmuxError({ kind: 'cancelled', message: 'Live run declined; nothing was sent' });
    }
  };
