import { describe, expect, it } from 'vitest';
import { combineObservers, emit, type LlmuxEvent } from './observer.js';

const event: LlmuxEvent = {
  type: 'circuit',
  key: 'openai:gpt-5',
  from: 'closed',
  to: 'open',
  at: 1,
};

describe('emit', () => {
  it('calls the observer, tolerates none, and never lets an observer failure through', () => {
    const seen: LlmuxEvent[] = [];
    emit((e) => seen.push(e), event);
    expect(seen).toEqual([event]);
    expect(() => emit(undefined, event)).not.toThrow();
    expect(() =>
      emit(() => {
        throw new Error('observer bug');
      }, event),
    ).not.toThrow();
  });
});

describe('combineObservers', () => {
  it('fans an event out to every observer, even after one throws', () => {
    const seen: string[] = [];
    const combined = combineObservers(
      () => seen.push('a'),
      () => {
        throw new Error('b fails');
      },
      undefined,
      () => seen.push('c'),
    );
    combined(event);
    expect(seen).toEqual(['a', 'c']);
  });
});
