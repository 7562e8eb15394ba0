import Anthropic from '@anthropic-ai/sdk';
import type { GenerateRequest } from '@llmux/core';
import { createStack } from '../stack/create-stack.js';
import { BENCH_ANTHROPIC_KEY, benchConfig, benchStackOptions } from './bench-config.js';
import { closedLoop, type LoadOptions, type LoadResult, summarize } from './closed-loop.js';

export interface InProcessResult {
  concurrency: number;
  direct: LoadResult;
  stack: LoadResult;
  /** Stack throughput over direct throughput. */
  ratio: number;
}

/** A short question, different each time: every call through the stack is a cache miss. */
const question = (run: string, i: number) => `Is the checkout service healthy? (${run} #${i})`;

/**
 * The whole stack against the official SDK alone, calling the same simulator with the same
 * question: the stack routes it (to Claude Haiku), limits, caches (a miss) and calls it through
 * that same SDK. Runs direct, stack, stack, direct, so drift on a shared machine falls on both.
 */
export async function benchInProcess(
  simulatorUrl: string,
  options: LoadOptions,
): Promise<InProcessResult> {
  const client = new Anthropic({
    apiKey: BENCH_ANTHROPIC_KEY,
    baseURL: simulatorUrl,
    maxRetries: 0,
  });
  const direct = (run: string) => (i: number) =>
    client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: question(run, i) }],
    });
  const stack = await createStack(benchConfig(simulatorUrl), benchStackOptions);
  const viaStack = (run: string) => (i: number) => {
    const request: GenerateRequest = {
      messages: [{ role: 'user', content: question(run, i) }],
      maxOutputTokens: 64,
      temperature: 0,
    };
    return stack.model.generate(request);
  };
  try {
    const d1 = await closedLoop(direct('d1'), options);
    const s1 = await closedLoop(viaStack('s1'), options);
    const s2 = await closedLoop(viaStack('s2'), options);
    const d2 = await closedLoop(direct('d2'), options);
    const directResult = summarize(d1, d2);
    const stackResult = summarize(s1, s2);
    return {
      concurrency: options.concurrency,
      direct: directResult,
      stack: stackResult,
      ratio: stackResult.rps / directResult.rps,
    };
  } finally {
    await stack.close();
  }
}
