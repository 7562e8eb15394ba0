import { describe, expect, it } from 'vitest';
import { ownerOf, profileShares } from './cpu-profile.js';

const frame = (functionName: string, url = '') => ({ functionName, url });

describe('ownerOf', () => {
  it('names llmux packages, dependencies, parts of Node.js and of V8', () => {
    expect(ownerOf(frame('f', 'file:///w/packages/gateway/dist/index.js'))).toBe('@llmux/gateway');
    expect(ownerOf(frame('f', 'file:///w/apps/demo/dist/cli.js'))).toBe('@llmux/demo');
    expect(
      ownerOf(frame('f', 'file:///w/node_modules/.pnpm/x/node_modules/@anthropic-ai/sdk/c.mjs')),
    ).toBe('@anthropic-ai/sdk');
    expect(ownerOf(frame('f', 'file:///w/node_modules/.pnpm/x/node_modules/pino/lib/p.js'))).toBe(
      'pino',
    );
    expect(ownerOf(frame('f', 'node:internal/deps/undici/undici'))).toBe('Node.js: fetch (undici)');
    expect(ownerOf(frame('f', 'node:_http_server'))).toBe('Node.js: HTTP server');
    expect(ownerOf(frame('f', 'node:internal/timers'))).toBe('Node.js: other');
    expect(ownerOf(frame('(garbage collector)'))).toBe('V8: garbage collection');
    expect(ownerOf(frame('writeUtf8String'))).toBe('Node.js: socket writes (system calls)');
    expect(ownerOf(frame('parse'))).toBe('V8: built-ins (JSON, strings, regular expressions)');
  });
});

describe('profileShares', () => {
  it("adds up self time by owner per request, leaving idle time and the profiler's session out", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)') },
        { id: 2, callFrame: frame('handle', 'file:///w/packages/gateway/dist/index.js') },
        { id: 3, callFrame: frame('(garbage collector)') },
        { id: 4, callFrame: frame('post', 'node:inspector') },
      ],
      samples: [1, 2, 2, 3, 4],
      timeDeltas: [500, 100, 200, 100, 700],
    };
    expect(profileShares(profile, 10)).toEqual([
      { name: '@llmux/gateway', usPerRequest: 30, share: 0.75 },
      { name: 'V8: garbage collection', usPerRequest: 10, share: 0.25 },
    ]);
  });
});
