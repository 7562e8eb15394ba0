import { describe, expect, it } from 'vitest';
import { createSecretScrubber } from './secret-scrubber.js';

describe('createSecretScrubber', () => {
  it('redacts every secret, longest first, and leaves short values alone', () => {
    const scrub = createSecretScrubber(['sk-abc12345', 'sk-abc12345-long', 'short', undefined]);
    expect(scrub('key sk-abc12345-long then sk-abc12345, short stays')).toBe(
      'key [redacted] then [redacted], short stays',
    );
  });

  it('treats secrets as text, not patterns', () => {
    expect(createSecretScrubber(['a+b.c*d(e)'])('x a+b.c*d(e) y')).toBe('x [redacted] y');
  });

  it('is the identity without secrets', () => {
    expect(createSecretScrubber([])('nothing to hide')).toBe('nothing to hide');
  });
});
