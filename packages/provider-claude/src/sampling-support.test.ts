import { describe, expect, it } from 'vitest';
import { acceptsSamplingParameters } from './sampling-support.js';

describe('acceptsSamplingParameters', () => {
  it.each([
    ['claude-haiku-4-5', true],
    ['claude-haiku-4-5-20251001', true],
    ['claude-sonnet-4-6', true],
    ['claude-opus-4-1', true],
    ['claude-sonnet-4', true],
    ['claude-sonnet-4-20250514', true],
    ['claude-3-5-haiku-20241022', true],
    ['claude-opus-4-7', false],
    ['claude-opus-4-8', false],
    ['claude-sonnet-5-5', false],
    ['claude-fable-5-1', false],
    ['my-proxy-model', false],
  ])('%s: %s', (model, expected) => {
    expect(acceptsSamplingParameters(model)).toBe(expected);
  });
});
