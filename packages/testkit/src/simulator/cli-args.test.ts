import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('reads every option', () => {
    expect(
      parseCliArgs([
        '--provider',
        'gemini',
        '--port',
        '8123',
        '--host',
        '0.0.0.0',
        '--latency',
        '50',
        '--rpm',
        '10',
        '--tpm=1000',
        '--require-api-key',
      ]),
    ).toEqual({
      provider: 'gemini',
      port: 8123,
      host: '0.0.0.0',
      behavior: {
        latencyMs: 50,
        limits: { requestsPerMinute: 10, tokensPerMinute: 1000 },
        requireApiKey: true,
      },
    });
  });

  it('defaults to a free port on 127.0.0.1 and asks for help', () => {
    expect(parseCliArgs(['--provider', 'openai'])).toMatchObject({ port: 0, host: '127.0.0.1' });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], '--provider is required'],
    [
      ['--provider', 'cohere'],
      '--provider must be one of anthropic, openai, gemini, ollama, got "cohere"',
    ],
    [['--provider', 'openai', '--port', '99999'], '--port must be an integer from 0 to 65535'],
    [['--provider', 'openai', '--port', 'abc'], '--port must be an integer'],
    [['--provider', 'openai', '--rpm', '0'], '--rpm must be an integer from 1'],
    [['--provider', 'openai', '--latency', '-5'], 'latency'],
    [['--provider', 'openai', '--colour'], "Unknown option '--colour'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
