import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { classifyTask, LONG_DOCUMENT_TOKENS } from './classify-task.js';
import { ask } from './test-support.js';

const classify = (request: GenerateRequest, inputTokens = 100) =>
  classifyTask(request, { inputTokens });

describe('classifyTask', () => {
  it.each([
    ['Write a TypeScript function that debounces calls', 'code'],
    ['Please fix the bug in this script', 'code'],
    ['Here is my code:\n```ts\nconst a = 1\n```\nWhat does it print?', 'code'],
    ['def add(a, b):\n    return a + b\n\nWhat is wrong here?', 'code'],
    ['Summarize the meeting notes below in three bullets.', 'summarization'],
    ['TL;DR of this thread please', 'summarization'],
    ['Classify this ticket as billing, bug or feature request.', 'classification'],
    ['What is the sentiment of this review?', 'classification'],
    ['Solve for x: 3x + 7 = 22. Think step by step.', 'reasoning'],
    ['Prove that the square root of 2 is irrational.', 'reasoning'],
    ['Tell me a joke about penguins', 'chat'],
  ])('%j → %s', (text, task) => {
    expect(classify(ask(text))).toBe(task);
  });

  it('calls a large request with no other signal a long document', () => {
    const request = ask('x'.repeat(100));
    expect(classify(request, LONG_DOCUMENT_TOKENS - 1)).toBe('chat');
    expect(classify(request, LONG_DOCUMENT_TOKENS)).toBe('long-document');
  });

  it('reads the system prompt too', () => {
    const request: GenerateRequest = {
      messages: [
        { role: 'system', content: 'You classify support tickets by sentiment.' },
        { role: 'user', content: 'The app crashed again and I lost my work.' },
      ],
    };
    expect(classify(request)).toBe('classification');
  });

  it('reads instructions at the edges of a long prompt, not the material in the middle', () => {
    const middle = `${'lorem ipsum '.repeat(500)}Write a Python function here.${'dolor sit '.repeat(500)}`;
    expect(classify(ask(`Summarize this report:\n${middle}`))).toBe('summarization');
    expect(classify(ask(`Read this:\n${middle}\nThen, in short, summarize it.`))).toBe(
      'summarization',
    );
    expect(classify(ask(`${middle}`))).toBe('chat');
  });

  it('reads only the last user message of a conversation', () => {
    const request: GenerateRequest = {
      messages: [
        { role: 'user', content: 'Write a function to sort a list' },
        { role: 'assistant', content: 'Here it is.' },
        { role: 'user', content: [{ type: 'text', text: 'Thanks! Now summarize our chat.' }] },
      ],
    };
    expect(classify(request)).toBe('summarization');
  });
});
