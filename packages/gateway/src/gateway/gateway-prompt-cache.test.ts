import { describe, expect, it } from 'vitest';
import { startTestGateway } from './gateway-test-setup.js';

/** A long, stable system prompt: above every provider's minimum cacheable prefix. */
const runbook = `You are on call. ${'Check the deploy log first, then the dashboards. '.repeat(500)}`;

const roomy = { config: { gateway: { maxBodyBytes: 1024 * 1024 } } };

const ask = (question: string) => [
  { role: 'system' as const, content: runbook },
  { role: 'user' as const, content: question },
];

describe('prompt caching through the gateway', () => {
  it("carries OpenAI's prompt_cache_key to the provider, and reports the cached tokens and the saving", async () => {
    const { client, gateway } = await startTestGateway(roomy);
    const body = { model: 'gpt-5', prompt_cache_key: 'oncall-runbook', temperature: 1 };
    await client.chat.completions.create({ ...body, messages: ask('Is checkout down?') });
    const second = await client.chat.completions.create({
      ...body,
      messages: ask('Is auth down?'),
    });
    const sent = gateway.stack.simulators.openai!.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.prompt_cache_key).toBe('oncall-runbook');
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(1_000);
    const llmux = (second as unknown as { llmux: { prompt_cache_saved_usd: number } }).llmux;
    expect(llmux.prompt_cache_saved_usd).toBeGreaterThan(0);
  });

  it('caches a Claude prompt from the same hint, whichever provider answers', async () => {
    const { client, gateway } = await startTestGateway(roomy);
    const body = { model: 'claude-sonnet-4-6', prompt_cache_key: 'oncall-runbook', temperature: 1 };
    await client.chat.completions.create({ ...body, messages: ask('Is checkout down?') });
    const second = await client.chat.completions.create({
      ...body,
      messages: ask('Is auth down?'),
    });
    const sent = gateway.stack.simulators.anthropic!.requests.at(-1)?.body as {
      system: Array<{ cache_control?: unknown }>;
    };
    expect(sent.system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(1_000);
  });
});
