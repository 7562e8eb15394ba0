import { describe, expect, it } from 'vitest';
import { SimulatorRequestError } from '../simulator/types.js';
import { type GeminiRoute, parseGeminiRequest } from './gemini-request.js';

const generate = { operation: 'generate' as const, stream: false, model: 'gemini-2.5-flash' };
const count = { operation: 'count-tokens' as const, stream: false, model: 'gemini-2.5-flash' };

const user = (text: string) => ({ role: 'user', parts: [{ text }] });

const refusal = (body: unknown, route: GeminiRoute = generate) => {
  try {
    parseGeminiRequest(body, route, {});
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatorRequestError);
    return error as SimulatorRequestError;
  }
  throw new Error('the request was accepted');
};

describe('parseGeminiRequest', () => {
  it('reads texts, tools, the output limit and the last user text', () => {
    const body = {
      contents: [
        user('What is the weather?'),
        {
          role: 'model',
          parts: [
            { text: 'thinking', thought: true },
            { functionCall: { name: 'weather', args: { city: 'Paris' } } },
          ],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'weather', response: { temp: 21 } } }],
        },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'weather',
              description: 'Looks it up',
              parametersJsonSchema: { type: 'object' },
            },
          ],
        },
      ],
      generationConfig: { maxOutputTokens: 64 },
    };
    const request = parseGeminiRequest(
      body,
      { ...generate, stream: true },
      { 'x-goog-api-key': 'k' },
    );
    expect(request).toMatchObject({
      operation: 'generate',
      model: 'gemini-2.5-flash',
      stream: true,
      lastUserText: 'What is the weather?',
      toolNames: ['weather'],
      maxOutputTokens: 64,
      includeUsage: true,
      body,
      headers: { 'x-goog-api-key': 'k' },
    });
    for (const text of [
      'Be brief.',
      'What is the weather?',
      '{"city":"Paris"}',
      '{"temp":21}',
      'Looks it up',
    ]) {
      expect(request.promptText).toContain(text);
    }
  });

  it('counts a bare contents list or a whole generateContentRequest', () => {
    expect(parseGeminiRequest({ contents: [user('hi')] }, count, {}).promptText).toBe('hi');
    const whole = {
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: [user('hi')],
        systemInstruction: { parts: [{ text: 'sys' }] },
      },
    };
    expect(parseGeminiRequest(whole, count, {})).toMatchObject({
      operation: 'count-tokens',
      promptText: 'sys\nhi',
    });
  });

  it('refuses what the real API refuses, in its wording', () => {
    expect(refusal('text').message).toMatch(/Invalid JSON payload/);
    expect(refusal({}).message).toBe(
      '* GenerateContentRequest.contents: contents is not specified\n',
    );
    expect(refusal({ contents: [] }, count).message).toMatch(/CountTokensRequest.contents/);
    expect(refusal({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }).message).toBe(
      'Please use a valid role: user, model.',
    );
    expect(refusal({ contents: [{ role: 'user', parts: [] }] }).message).toMatch(
      /contents\[0\].parts: contents.parts must not be empty/,
    );
    expect(
      refusal({
        contents: [user('x')],
        tools: [{ functionDeclarations: [{ description: 'no name' }] }],
      }).message,
    ).toMatch(/tools\[0\].function_declarations\[0\].name: Name cannot be empty/);
    expect(refusal({ contents: 'hi' }).status).toBe(400);
  });

  it('refuses function results that do not answer the previous turn call for call', () => {
    const call = { functionCall: { name: 'f', args: {} } };
    const result = { functionResponse: { name: 'f', response: {} } };
    expect(refusal({ contents: [user('x'), { role: 'user', parts: [result] }] }).message).toMatch(
      /function response turn comes immediately after a function call turn/,
    );
    expect(
      refusal({
        contents: [
          user('x'),
          { role: 'model', parts: [call, call] },
          { role: 'user', parts: [result] },
        ],
      }).message,
    ).toMatch(/number of function response parts is equal to the number of function call parts/);
  });
});
