import { ApiError, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simLogprobs } from '../simulator/sim-logprobs.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { callSignature, SKIP_THOUGHT_SIGNATURE } from './gemini-settings.js';

let sim: Simulator;
let ai: GoogleGenAI;
beforeAll(async () => {
  sim = await startSimulator('gemini');
  ai = new GoogleGenAI({ apiKey: 'gm-test', httpOptions: { baseUrl: sim.baseURL } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const generate = (
  config: Record<string, unknown>,
  model = 'gemini-2.5-flash',
  contents: unknown = 'Why is the disk full?',
) => ai.models.generateContent({ model, contents: contents as string, config });

const refusal = async (call: Promise<unknown>) => {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(400);
  return (error as ApiError).message;
};

describe('Gemini simulator: thinking, logprobs and the other settings, through the official SDK', () => {
  it('shows thought summaries before the answer when asked, counting their tokens', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' } });
    const shown = await generate({
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(shown.candidates?.[0]?.content?.parts).toEqual([
      { text: 'The disk holds logs.', thought: true },
      { text: 'Logs.' },
    ]);
    expect(shown.usageMetadata?.thoughtsTokenCount).toBe(5);
    const hidden = await generate({ thinkingConfig: { thinkingBudget: 1024 } });
    expect(hidden.candidates?.[0]?.content?.parts).toEqual([{ text: 'Logs.' }]);
    expect(hidden.usageMetadata?.thoughtsTokenCount).toBe(5);
  });

  it('streams thoughts first, as gemma-4-output-usage.chunks.txt shows', async () => {
    sim.configure({ reply: { text: 'Logs.', reasoning: 'The disk holds logs.' }, chunkSize: 8 });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-3-flash-preview',
      contents: 'Why?',
      config: { thinkingConfig: { thinkingLevel: 'LOW' as never, includeThoughts: true } },
    })) {
      chunks.push(chunk);
    }
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    const thoughts = parts
      .filter((p) => p.thought)
      .map((p) => p.text)
      .join('');
    expect(thoughts).toBe('The disk holds logs.');
    expect(parts.findIndex((p) => p.text === 'Logs.')).toBeGreaterThan(
      parts.findIndex((p) => p.thought),
    );
    // A Gemini 3 text answer signs its closing part.
    expect(parts.at(-1)).toMatchObject({ text: '', thoughtSignature: expect.any(String) });
  });

  it('returns deterministic logprobs of the answer with the top candidates', async () => {
    const response = await generate({ responseLogprobs: true, logprobs: 2 });
    const result = response.candidates?.[0]?.logprobsResult;
    const expected = simLogprobs('Echo: Why is the disk full?', 2);
    expect(result?.chosenCandidates?.map((c) => c.token)).toEqual(expected.map((t) => t.token));
    expect(result?.chosenCandidates?.map((c) => c.logProbability)).toEqual(
      expected.map((t) => t.logprob),
    );
    expect(result?.topCandidates?.[0]?.candidates).toHaveLength(2);
  });

  it('takes penalties (before Gemini 2.5), media resolution and a service tier', async () => {
    await generate(
      {
        presencePenalty: 0.5,
        frequencyPenalty: 0.5,
        mediaResolution: 'MEDIA_RESOLUTION_LOW',
        serviceTier: 'flex',
      },
      'gemini-2.0-flash',
    );
    expect(sim.requests.at(-1)?.body).toMatchObject({
      serviceTier: 'flex',
      generationConfig: { presencePenalty: 0.5, mediaResolution: 'MEDIA_RESOLUTION_LOW' },
    });
  });

  it.each([
    [
      { thinkingConfig: { thinkingLevel: 'LOW' } },
      'gemini-2.5-flash',
      'Thinking level is not supported',
    ],
    [
      { thinkingConfig: { thinkingLevel: 'LOW', thinkingBudget: 100 } },
      'gemini-3-pro-preview',
      'either thinking budget or thinking level',
    ],
    [
      { thinkingConfig: { thinkingBudget: 0 } },
      'gemini-2.5-pro',
      'This model only works in thinking mode',
    ],
    [{ logprobs: 3 }, 'gemini-2.5-flash', 'only valid if responseLogprobs is true'],
    [
      { presencePenalty: 0.5 },
      'gemini-2.5-flash',
      'Penalty is not enabled for models/gemini-2.5-flash',
    ],
    [{ responseLogprobs: true, logprobs: 30 }, 'gemini-2.5-flash', 'range [0, 20]'],
  ])('refuses what the API refuses (%#)', async (config, model, message) => {
    expect(await refusal(generate(config, model))).toContain(message);
  });

  it('signs the first function call of a Gemini 3 step and wants the signature back', async () => {
    const call = { name: 'df', arguments: { path: '/' } };
    sim.configure({ reply: { toolCalls: [call, { name: 'du', arguments: {} }] } });
    const tools = [{ functionDeclarations: [{ name: 'df' }, { name: 'du' }] }];
    const response = await generate({ tools }, 'gemini-3-pro-preview');
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]?.thoughtSignature).toBe(callSignature(call));
    expect(parts[1]?.thoughtSignature).toBeUndefined();

    const replay = (signature?: string) =>
      generate({ tools }, 'gemini-3-pro-preview', [
        { role: 'user', parts: [{ text: 'Why is the disk full?' }] },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'df', args: { path: '/' } },
              ...(signature ? { thoughtSignature: signature } : {}),
            },
          ],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'df', response: { output: '99%' } } }],
        },
      ]);
    sim.configure({ reply: { text: 'Full.' } });
    await expect(replay(callSignature(call))).resolves.toBeDefined();
    await expect(replay(SKIP_THOUGHT_SIGNATURE)).resolves.toBeDefined();
    expect(await refusal(replay())).toContain('Function call is missing a thought_signature');
    expect(await refusal(replay(callSignature({ name: 'du', arguments: {} })))).toContain(
      'Corrupted thought signature',
    );
  });
});
