import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { geminiRequestSettings } from './gemini-request-settings.js';

const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const image = (detail: 'low' | 'high' | 'auto') => ({
  type: 'image' as const,
  source: { kind: 'url' as const, url: 'https://x/a.png' },
  detail,
});

describe('geminiRequestSettings', () => {
  it('maps logprobs, the service tier and penalties where the model takes them', () => {
    expect(
      geminiRequestSettings(
        ask({ logprobs: { top: 3 }, serviceTier: 'default', presencePenalty: 0.2 }),
        'gemini-2.0-flash',
      ),
    ).toEqual({
      config: {
        responseLogprobs: true,
        logprobs: 3,
        serviceTier: 'standard',
        presencePenalty: 0.2,
      },
      warnings: [],
    });
    expect(geminiRequestSettings(ask({ serviceTier: 'auto' }), 'gemini-2.5-flash').config).toEqual(
      {},
    );
  });

  it('warns for penalties on Gemini 2.5 on and for parallelToolCalls: false', () => {
    const { config, warnings } = geminiRequestSettings(
      ask({ frequencyPenalty: 0.5, parallelToolCalls: false, metadata: { user: 'u-1' } }),
      'gemini-2.5-flash',
    );
    expect(config).toEqual({});
    expect(warnings.map((w) => w.type === 'unsupported-setting' && w.setting)).toEqual([
      'parallelToolCalls',
      'frequencyPenalty',
    ]);
  });

  it('takes the image detail as the media resolution, the highest where images differ', () => {
    const low = geminiRequestSettings(
      ask({ messages: [{ role: 'user', content: [image('low'), image('auto')] }] }),
      'gemini-2.5-flash',
    );
    expect(low).toEqual({ config: { mediaResolution: 'MEDIA_RESOLUTION_LOW' }, warnings: [] });
    const mixed = geminiRequestSettings(
      ask({ messages: [{ role: 'user', content: [image('low'), image('high')] }] }),
      'gemini-2.5-flash',
    );
    expect(mixed.config).toEqual({ mediaResolution: 'MEDIA_RESOLUTION_HIGH' });
    expect(mixed.warnings).toEqual([
      expect.objectContaining({ setting: 'messages[0].content[0].detail' }),
    ]);
  });
});
