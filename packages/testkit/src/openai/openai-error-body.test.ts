import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openaiErrorBody } from './openai-error-body.js';

const recorded = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../fixtures/recorded/openai/${name}`, import.meta.url), 'utf8'),
  );

describe('openaiErrorBody', () => {
  it.each(['reasoning-model-legacy-parameter-error.json', 'openai-error.1.json'])(
    'reproduces the recorded %s from its status and message',
    (name) => {
      const body = recorded(name);
      const status = name.startsWith('openai-error') ? 429 : 400;
      expect(openaiErrorBody(status, body.error.message)).toEqual(body);
    },
  );

  it.each([
    [400, 'Bad things', 'invalid_request_error', null, null],
    [401, 'Incorrect API key provided: sk-abc.', 'invalid_request_error', null, 'invalid_api_key'],
    [
      403,
      'Country, region, or territory not supported',
      'request_forbidden',
      null,
      'unsupported_country_region_territory',
    ],
    [403, 'You are not allowed to use this model.', 'invalid_request_error', null, null],
    [
      404,
      'The model `gpt-9` does not exist or you do not have access to it.',
      'invalid_request_error',
      null,
      'model_not_found',
    ],
    [
      400,
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
      'invalid_request_error',
      'messages',
      'context_length_exceeded',
    ],
    [
      429,
      'Rate limit reached for gpt-4.1 in organization org-sim on tokens per min (TPM): Limit 30000, Used 28039, Requested 3906.',
      'tokens',
      null,
      'rate_limit_exceeded',
    ],
    [
      429,
      'Rate limit reached for gpt-4.1 in organization org-sim on requests per min (RPM): Limit 3, Used 3, Requested 1.',
      'requests',
      null,
      'rate_limit_exceeded',
    ],
    [500, 'The server had an error while processing your request.', 'server_error', null, null],
    [503, 'That model is currently overloaded.', 'server_error', null, null],
    [
      400,
      "Missing required parameter: 'messages'.",
      'invalid_request_error',
      'messages',
      'missing_required_parameter',
    ],
  ])('%i %s → type %s, param %s, code %s', (status, message, type, param, code) => {
    expect(openaiErrorBody(status, message)).toEqual({ error: { message, type, param, code } });
  });
});
