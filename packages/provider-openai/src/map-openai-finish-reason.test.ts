import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['something_new', 'other'],
  ])('%s is %s, keeping the raw value', (raw, unified) => {
    expect(mapOpenAIFinishReason(raw)).toEqual({ unified, raw });
  });

  it('is other without a raw value when there is none', () => {
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: 'other' });
    expect(mapOpenAIFinishReason(undefined)).toEqual({ unified: 'other' });
  });
});
