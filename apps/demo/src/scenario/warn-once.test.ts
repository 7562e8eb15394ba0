import { describe, expect, it } from 'vitest';
import { warnOnce } from './warn-once.js';

describe('warnOnce', () => {
  it('lets each message through once, until restored', () => {
    const printed: unknown[][] = [];
    const target = { warn: (...args: unknown[]) => printed.push(args) };
    const restore = warnOnce(target);
    target.warn('deprecated', 'model');
    target.warn('deprecated', 'model');
    target.warn('other');
    restore();
    target.warn('other');
    expect(printed).toEqual([['deprecated', 'model'], ['other'], ['other']]);
  });
});
