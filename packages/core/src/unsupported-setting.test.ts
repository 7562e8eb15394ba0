import { describe, expect, it } from 'vitest';
import { unsupportedSetting } from './unsupported-setting.js';

describe('unsupportedSetting', () => {
  it('names the setting and why', () => {
    expect(unsupportedSetting('topK', 'OpenAI has no top-k')).toEqual({
      type: 'unsupported-setting',
      setting: 'topK',
      details: 'OpenAI has no top-k',
    });
  });
});
