import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

const stream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
};

describe('createProgress', () => {
  it('prints one plain line per 10% when not on a terminal', () => {
    const out = stream(false);
    const progress = createProgress(40, out);
    for (let i = 0; i < 40; i++) progress.tick(i >= 12 && i < 20 ? 'Claude down' : '');
    progress.done();
    expect(out.writes).toEqual([
      'scenario: 4/40 requests, 10%\n',
      'scenario: 8/40 requests, 20%\n',
      'scenario: 12/40 requests, 30%\n',
      'scenario: 16/40 requests, 40% (Claude down)\n',
      'scenario: 20/40 requests, 50% (Claude down)\n',
      'scenario: 24/40 requests, 60%\n',
      'scenario: 28/40 requests, 70%\n',
      'scenario: 32/40 requests, 80%\n',
      'scenario: 36/40 requests, 90%\n',
      'scenario: 40/40 requests, 100%\n',
    ]);
  });

  it('skips deciles a small run jumps over', () => {
    const out = stream(false);
    const progress = createProgress(3, out);
    for (let i = 0; i < 3; i++) progress.tick();
    expect(out.writes).toEqual([
      'scenario: 1/3 requests, 30%\n',
      'scenario: 2/3 requests, 60%\n',
      'scenario: 3/3 requests, 100%\n',
    ]);
  });

  it('redraws a bar in place on a terminal at each percent or note change', () => {
    const out = stream(true);
    const progress = createProgress(200, out, 'run');
    progress.tick();
    progress.tick();
    progress.tick('burst');
    progress.done();
    expect(out.writes).toEqual([
      `\r\x1b[2Krun [${'.'.repeat(30)}] 1/200 0%`,
      `\r\x1b[2Krun [${'.'.repeat(30)}] 2/200 1%`,
      `\r\x1b[2Krun [${'.'.repeat(30)}] 3/200 1%  burst`,
      '\n',
    ]);
  });
});
