import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { parseScenarioArgs } from './scenario-options.js';

const context = { tmpdir: '/tmp', now: new Date('2026-11-25T10:00:00.000Z') };

describe('parseScenarioArgs', () => {
  it('has defaults: seed 1, 400 requests, 40x speed, a log in the temp dir', () => {
    expect(parseScenarioArgs([], context)).toEqual({
      seed: 1,
      requests: 400,
      speed: 40,
      logPath: '/tmp/llmux-scenario-2026-11-25T10-00-00-000Z.jsonl',
      live: false,
      yes: false,
    });
  });

  it('reads every flag', () => {
    expect(
      parseScenarioArgs(
        ['--seed', '9', '--requests=50', '--speed', '2.5', '--log', 'x.jsonl'],
        context,
      ),
    ).toMatchObject({ seed: 9, requests: 50, speed: 2.5, logPath: 'x.jsonl' });
  });

  it('sends fewer requests in real time when live', () => {
    expect(parseScenarioArgs(['--live', '--yes'], context)).toMatchObject({
      live: true,
      yes: true,
      requests: 20,
      speed: 1,
    });
  });

  it.each([
    [['--requests', '0'], '--requests must be an integer >= 1, got "0"'],
    [['--requests', '2.5'], '--requests must be an integer >= 1, got "2.5"'],
    [['--seed', 'x'], '--seed must be an integer >= 0, got "x"'],
    [['--speed', '0'], '--speed must be a number from 0.001 to 200, got "0"'],
    [['--speed', '500'], '--speed must be a number from 0.001 to 200, got "500"'],
    [['--live', '--speed', '2'], '--speed does not apply to --live'],
    [['--colour'], "Unknown option '--colour'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j naming the flag', (args, message) => {
    const error = (() => {
      try {
        parseScenarioArgs(args, context);
      } catch (e) {
        return e;
      }
    })();
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('Usage: llmux-demo scenario');
  });
});
