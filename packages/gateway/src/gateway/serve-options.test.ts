import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './serve-options.js';

describe('parseServeArgs', () => {
  it('reads every option', () => {
    expect(parseServeArgs([])).toEqual({
      configPath: undefined,
      live: false,
      port: undefined,
      workers: undefined,
    });
    expect(
      parseServeArgs(['--config', 'prod.json', '--live', '--port', '9000', '--workers', 'auto']),
    ).toEqual({ configPath: 'prod.json', live: true, port: 9000, workers: 'auto' });
    expect(parseServeArgs(['--workers', '4']).workers).toBe(4);
  });

  it('refuses bad values and unknown flags with the usage', () => {
    expect(() => parseServeArgs(['--port', '99999'])).toThrow(
      '--port must be an integer from 0 to 65535, got "99999"',
    );
    expect(() => parseServeArgs(['--workers', 'many'])).toThrow(
      '--workers must be an integer from 1 to 256',
    );
    expect(() => parseServeArgs(['--verbose'])).toThrow(
      /Unknown option '--verbose'[\s\S]*Usage: llmux-gateway/,
    );
  });
});
