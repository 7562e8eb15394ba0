import { seededRandom } from '@llmux/core';
import { CUT_AFTER_CONTENT } from '@llmux/testkit';
import type { WorkItem } from './run-workload.js';

/** The request id of workload item `index`, to match its events and HTTP requests. */
export const tagOf = (index: number) => `chaos-${index}`;

export interface ChaosWorkloadOptions {
  requests: number;
  seed: number;
  /** Indexes of streamed requests every provider cuts after their first content. */
  cutAt?: number[];
}

/** Half streamed; a fifth code (OpenAI first), a fifth tagged for Gemini, the rest Claude first. */
export function chaosWorkload({ requests, seed, cutAt = [] }: ChaosWorkloadOptions): WorkItem[] {
  const random = seededRandom(seed);
  return Array.from({ length: requests }, (_, index) => {
    const cut = cutAt.includes(index);
    const streamed = cut || random() < 0.5;
    const roll = random();
    const metadata = {
      requestId: tagOf(index),
      ...(roll < 0.2 && { task: 'code' as const }),
      ...(roll >= 0.2 && roll < 0.4 && { tags: ['gemini'] }),
    };
    const text = `Request ${index}: a short answer, please.${cut ? ` ${CUT_AFTER_CONTENT}` : ''}`;
    return {
      streamed,
      request: { messages: [{ role: 'user', content: text }], maxOutputTokens: 64, metadata },
    };
  });
}
