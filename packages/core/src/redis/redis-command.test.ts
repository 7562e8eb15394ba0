import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { LlmuxError } from '../errors.js';
import { runRedisCommand } from './redis-command.js';

const clock = createManualClock(0);
const options = { timeoutMs: 250, clock };

describe('runRedisCommand', () => {
  it('answers as the command does', async () => {
    expect(await runRedisCommand({ isReady: true }, async () => 'OK', options)).toBe('OK');
  });

  it('fails at once with network while disconnected, without running the command', async () => {
    let ran = false;
    const run = runRedisCommand({ isReady: false }, async () => (ran = true), options);
    await expect(run).rejects.toMatchObject({ kind: 'network', provider: 'redis' });
    expect(ran).toBe(false);
  });

  it('gives up with timeout when Redis does not answer in time, leaving no timer', async () => {
    const hung = runRedisCommand({ isReady: true }, () => new Promise(() => {}), options);
    const failed = hung.catch((error: unknown) => error);
    await clock.advance(250);
    expect(await failed).toMatchObject({
      kind: 'timeout',
      message: 'Redis did not answer within 250 ms',
    });
    expect(clock.pending()).toBe(0);
  });

  it('turns any other failure into a network error, keeping LlmuxErrors as they are', async () => {
    const raw = runRedisCommand(
      { isReady: true },
      async () => {
        throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
      },
      options,
    );
    await expect(raw).rejects.toMatchObject({
      kind: 'network',
      message:
        'Redis command failed: WRONGTYPE Operation against a key holding the wrong kind of value',
    });
    const typed = new LlmuxError({ kind: 'server_error', message: 'bad reply' });
    await expect(
      runRedisCommand(
        { isReady: true },
        async () => {
          throw typed;
        },
        options,
      ),
    ).rejects.toBe(typed);
  });
});
