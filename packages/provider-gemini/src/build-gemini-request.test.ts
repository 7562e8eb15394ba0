import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { buildGeminiRequest } from './build-gemini-request.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

describe('buildGeminiRequest', () => {
  it('maps sampling, limits and stop sequences, and turns the SDK resilience off', () => {
    const { params, warnings } = buildGeminiRequest(
      'gemini-2.5-flash',
      ask({
        maxOutputTokens: 64,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        seed: 7,
        stopSequences: ['END'],
      }),
    );
    expect(params).toEqual({
      model: 'gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      config: {
        maxOutputTokens: 64,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        seed: 7,
        stopSequences: ['END'],
        httpOptions: { retryOptions: { attempts: 1 } },
        automaticContinuation: false,
        automaticFunctionCalling: { disable: true },
      },
    });
    expect(warnings).toEqual([]);
  });

  it('asks for JSON with responseMimeType and the schema as responseJsonSchema or responseSchema', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const json = (providerOptions?: GenerateRequest['providerOptions']) =>
      buildGeminiRequest(
        'gemini-2.5-flash',
        ask({ responseFormat: { type: 'json', schema }, providerOptions }),
      ).params.config;
    expect(json()).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    expect(json({ gemini: { useResponseSchema: true } })).toMatchObject({ responseSchema: schema });
    expect(json({ gemini: { useResponseSchema: true } })).not.toHaveProperty('responseJsonSchema');
    const plain = buildGeminiRequest('gemini-2.5-flash', ask({ responseFormat: { type: 'json' } }))
      .params.config;
    expect(plain).toMatchObject({ responseMimeType: 'application/json' });
    expect(plain).not.toHaveProperty('responseJsonSchema');
  });

  it('passes provider options, system instruction and tools into the config', () => {
    const { params } = buildGeminiRequest(
      'gemini-2.5-flash',
      ask({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        tools: [{ name: 't', parameters: { type: 'object' } }],
        toolChoice: 'required',
        providerOptions: { gemini: { cachedContent: 'cachedContents/x' } },
      }),
    );
    expect(params.config).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [{ functionDeclarations: [{ name: 't' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      cachedContent: 'cachedContents/x',
    });
  });

  it('turns what Gemini cannot take into warnings, not errors', () => {
    const { params, warnings } = buildGeminiRequest(
      'gemini-2.5-flash',
      ask({
        stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'],
        toolChoice: 'auto',
        providerOptions: { gemini: { unknownKnob: 1 } },
      }),
    );
    expect(params.config?.stopSequences).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(warnings.map((w) => (w.type === 'unsupported-setting' ? w.setting : w.message))).toEqual(
      ['toolChoice', 'providerOptions.gemini.unknownKnob', 'stopSequences'],
    );
  });
});
