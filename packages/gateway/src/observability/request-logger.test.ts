import { buildRequestRecord, LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createRequestLogger } from './request-logger.js';
import { createSecretScrubber } from './secret-scrubber.js';

const SECRET = 'sk-ant-0123456789abcdef';

const setup = () => {
  const lines: string[] = [];
  const logger = createRequestLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(line) },
    scrub: createSecretScrubber([SECRET]),
  });
  return {
    logger,
    lines,
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
};

describe('createRequestLogger', () => {
  it('writes each request-end record as one line with its fields at the top level', () => {
    const { logger, lines, parsed } = setup();
    const record = buildRequestRecord({
      requestId: 'r1',
      startedAt: 0,
      latencyMs: 12,
      streamed: false,
    });
    logger.observer({
      type: 'request-start',
      requestId: 'r1',
      at: 0,
      streamed: false,
      metadata: {},
    });
    logger.observer({ type: 'request-end', record });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(parsed()[0]).toMatchObject({ ...record, msg: 'request', level: 30 });
  });

  it('scrubs secrets from error messages and attempt messages', () => {
    const { logger, lines } = setup();
    const error = new LlmuxError({
      kind: 'all_attempts_failed',
      message: `bad key ${SECRET}`,
      attempts: [
        {
          provider: 'anthropic',
          model: 'claude-haiku-4-5',
          attempt: 1,
          startedAt: 0,
          latencyMs: 1,
          outcome: 'error',
          errorKind: 'authentication',
          message: `invalid x-api-key ${SECRET}`,
        },
      ],
    });
    const record = buildRequestRecord({
      requestId: 'r',
      startedAt: 0,
      latencyMs: 1,
      streamed: false,
      error,
    });
    logger.observer({ type: 'request-end', record });
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain(SECRET);
  });

  it('redacts secret-named fields as a second guard', () => {
    const { logger, parsed } = setup();
    logger.logger.info(
      { headers: { authorization: 'Bearer x', 'x-api-key': 'k' }, apiKey: 'y', api_key: 'z' },
      'oops',
    );
    expect(parsed()[0]).toMatchObject({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' },
      apiKey: '[redacted]',
      api_key: '[redacted]',
    });
  });

  it('logs circuit changes as warnings', () => {
    const { logger, parsed } = setup();
    logger.observer({ type: 'circuit', key: 'openai:gpt-5', from: 'closed', to: 'open', at: 1 });
    expect(parsed()[0]).toMatchObject({
      level: 40,
      msg: 'circuit',
      key: 'openai:gpt-5',
      to: 'open',
    });
  });
});
