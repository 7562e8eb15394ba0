import { describe, expect, it } from 'vitest';
import { claudeStructuredOutputs, claudeThinkingForm } from './claude-model-features.js';
import { claudeVersion } from './claude-model-version.js';

describe('Claude model versions and features', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', { major: 4, minor: 5 }],
    ['claude-sonnet-4-20250514', { major: 4, minor: 0 }],
    ['claude-opus-5', { major: 5, minor: 0 }],
    ['claude-fable-5-2', { major: 5, minor: 2 }],
    ['claude-3-7-sonnet-20250219', { major: 3, minor: 7 }],
    ['claude-3-haiku-20240307', { major: 3, minor: 0 }],
    ['claude-3-5-sonnet-latest', { major: 3, minor: 5 }],
    ['claude-mythos-preview', undefined],
    ['my-proxy-model', undefined],
  ])('reads the version of %s', (model, version) => {
    expect(claudeVersion(model)).toEqual(version);
  });

  it.each([
    ['claude-3-5-haiku-20241022', 'none', false],
    ['claude-3-7-sonnet-20250219', 'budget', false],
    ['claude-sonnet-4-20250514', 'budget', false],
    ['claude-opus-4-1', 'budget', true],
    ['claude-haiku-4-5', 'budget', true],
    ['claude-sonnet-4-6', 'budget', true],
    ['claude-opus-4-7', 'adaptive', true],
    ['claude-opus-5', 'adaptive', true],
    ['claude-mythos-preview', 'adaptive', true],
  ])('%s thinks in the %s form; structured outputs: %s', (model, form, structured) => {
    expect(claudeThinkingForm(model)).toBe(form);
    expect(claudeStructuredOutputs(model)).toBe(structured);
  });
});
