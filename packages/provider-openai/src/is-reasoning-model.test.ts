import { describe, expect, it } from 'vitest';
import { isReasoningModel } from './is-reasoning-model.js';

describe('isReasoningModel', () => {
  it.each(['o1', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-6-astra', 'gpt-10'])(
    '%s is a reasoning model',
    (model) => {
      expect(isReasoningModel(model)).toBe(true);
    },
  );

  it.each(['gpt-4.1', 'gpt-4o-mini', 'gpt-5-chat-latest', 'llama-3.1-70b', 'omni-moderation'])(
    '%s is not',
    (model) => {
      expect(isReasoningModel(model)).toBe(false);
    },
  );
});
