import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from './gateway-test-setup.js';

/** gpt-5 on two OpenAI keys (each on a simulator of its own), then Claude Haiku. */
const groupConfig = (maxAttempts: number) => ({
  router: { candidates: ['openai/gpt-5', 'anthropic/claude-haiku-4-5'] },
  deployments: [
    { id: 'openai-a:gpt-5', provider: 'openai', model: 'gpt-5', apiKeyEnv: 'OPENAI_KEY_A' },
    { id: 'openai-b:gpt-5', provider: 'openai', model: 'gpt-5', apiKeyEnv: 'OPENAI_KEY_B' },
  ],
  failover: { retry: { maxAttempts }, breaker: { minSamples: 3, consecutiveFailures: 3 } },
  cache: { enabled: false },
});

interface Summary {
  provider: string;
  model: string;
  deployment?: string;
  attempts: number;
}

const summaryOf = (completion: unknown) => (completion as { llmux: Summary }).llmux;

async function setup(maxAttempts = 1) {
  const test = await startTestGateway({ config: groupConfig(maxAttempts) });
  const { stack } = test.gateway;
  const simulatorOf = (id: string) => stack.deployments.find((d) => d.config.id === id)!.simulator!;
  const ask = (model: string, text = 'Is checkout healthy?') =>
    test.client.chat.completions.create({ model, messages: [{ role: 'user', content: text }] });
  return {
    ...test,
    a: simulatorOf('openai-a:gpt-5'),
    b: simulatorOf('openai-b:gpt-5'),
    claude: stack.simulators.anthropic!,
    ask,
  };
}

const served = (completions: OpenAI.ChatCompletion[]) =>
  completions.map((c) => summaryOf(c).deployment);

describe('gateway: one model on two deployments', () => {
  it('spreads requests for the group, pinned or auto, across both keys by turns', async () => {
    const { a, b, claude, ask, client } = await setup();
    const pinned = [];
    for (let i = 0; i < 6; i++) pinned.push(await ask(i % 2 ? 'openai/gpt-5' : 'gpt-5'));
    expect(served(pinned)).toEqual([
      'openai-a:gpt-5',
      'openai-b:gpt-5',
      'openai-a:gpt-5',
      'openai-b:gpt-5',
      'openai-a:gpt-5',
      'openai-b:gpt-5',
    ]);
    expect(pinned.every((c) => c.model.startsWith('gpt-5'))).toBe(true);
    const auto = [];
    for (let i = 0; i < 4; i++) auto.push(await ask('auto'));
    expect(served(auto)).toEqual([
      'openai-a:gpt-5',
      'openai-b:gpt-5',
      'openai-a:gpt-5',
      'openai-b:gpt-5',
    ]);
    expect(summaryOf(auto[1]).model).toMatch(/^gpt-5/);
    const stream = await client.chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'streamed' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('streamed');
    expect([a.counters.requests, b.counters.requests, claude.counters.requests]).toEqual([6, 5, 0]);
  });

  it('answers everything from the other key while one fails, opening only its circuit', async () => {
    const { a, b, claude, ask, gateway } = await setup();
    a.fault({ fault: { type: 'status', status: 500 }, times: 1000 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await ask('gpt-5'));
    expect(new Set(served(answers))).toEqual(new Set(['openai-b:gpt-5']));
    expect(b.counters.requests).toBe(8);
    // Three failures in a row opened a's circuit; it is passed over from then on.
    expect(a.counters.requests).toBe(3);
    expect(claude.counters.requests).toBe(0);
    const readiness = await gateway.stack.readiness();
    const detail = readiness.checks.find((c) => c.name === 'candidates')?.detail;
    expect(detail).toContain('openai/gpt-5 via openai-a:gpt-5: circuit open');
    expect(detail).not.toContain('openai-b:gpt-5:');
    expect(readiness.ready).toBe(true);
  });

  it('moves a 429 on one key to the other key, not to another model', async () => {
    const { a, b, claude, ask } = await setup(2);
    a.fault({ type: 'rate-limit', retryAfterSeconds: 1 });
    const completion = await ask('gpt-5');
    expect(summaryOf(completion)).toMatchObject({
      provider: 'openai',
      deployment: 'openai-b:gpt-5',
      attempts: 2,
    });
    expect([a.counters.requests, b.counters.requests, claude.counters.requests]).toEqual([1, 1, 0]);
  });
});
