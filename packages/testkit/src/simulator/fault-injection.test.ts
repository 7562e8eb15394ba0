import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from './start-simulator.js';

let sim: Simulator;
let client: Anthropic;
beforeAll(async () => {
  sim = await startSimulator('anthropic', { behavior: { chunkSize: 4 } });
  client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'fault me' }],
};
const ask = (options?: { signal?: AbortSignal }) => client.messages.create(params, options);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error as APIError,
  );

/** Reads a stream to its end or error; returns the text received and the error. */
async function readStream() {
  let text = '';
  try {
    const stream = await client.messages.create({ ...params, stream: true });
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
      }
    }
    return { text, error: undefined };
  } catch (error) {
    return { text, error: error as Error };
  }
}

describe('faults, through the Anthropic SDK', () => {
  it.each([
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [403, Anthropic.PermissionDeniedError, 'permission_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [413, Anthropic.APIError, 'request_too_large'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [504, Anthropic.InternalServerError, 'timeout_error'],
    [529, Anthropic.InternalServerError, 'overloaded_error'],
  ])('status %i raises %o with error type %s', async (status, errorClass, type) => {
    sim.fault({ type: 'status', status, message: `scripted ${status}` });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type, message: `scripted ${status}` },
    });
    expect(error.requestID).toMatch(/^req_/);
    expect(sim.counters).toMatchObject({ faults: 1, byStatus: { [status]: 1 } });
  });

  it('status faults carry retry-after and extra headers', async () => {
    sim.fault({ type: 'status', status: 503, retryAfterSeconds: 7, headers: { 'x-extra': 'yes' } });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.headers?.get('x-extra')).toBe('yes');
  });

  it('rate-limit: 429 with retry-after and the rate-limit headers', async () => {
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 12 });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('12');
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(error.headers?.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-.*Z$/);
  });

  it('overloaded: 529 overloaded_error, the SDK OverloadedError', async () => {
    sim.fault({ type: 'overloaded' });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect(error.status).toBe(529);
    expect(error.error).toMatchObject({
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('outage: every call fails with 529 until switched off', async () => {
    sim.configure({ outage: true });
    for (let i = 0; i < 3; i++) expect((await failure(ask())).status).toBe(529);
    sim.configure({ outage: false });
    expect((await ask()).type).toBe('message');
    expect(sim.counters).toMatchObject({ faults: 3, byStatus: { 529: 3, 200: 1 } });
  });

  it('hang: never answers; an abort frees the call on both sides', async () => {
    sim.fault({ type: 'hang' });
    const controller = new AbortController();
    const call = ask({ signal: controller.signal });
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(1));
    controller.abort();
    expect(await failure(call)).toBeInstanceOf(Anthropic.APIUserAbortError);
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
    expect((await ask()).type).toBe('message');
  });

  it('hang: the SDK timeout gives APIConnectionTimeoutError', async () => {
    sim.fault({ type: 'hang' });
    const error = await failure(client.messages.create(params, { timeout: 50 }));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('reset: the socket is destroyed, the SDK raises APIConnectionError', async () => {
    sim.fault({ type: 'reset' });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error.status).toBeUndefined();
  });

  it('malformed: a 200 body that is not JSON', async () => {
    sim.fault({ type: 'malformed' });
    const error = await failure(ask());
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('malformed: stream data that is not JSON', async () => {
    sim.fault({ type: 'malformed' });
    const { error } = await readStream();
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('cut-stream: the stream ends abruptly after N content frames', async () => {
    sim.fault({ type: 'cut-stream', afterFrames: 2 });
    const { text, error } = await readStream();
    expect(text).toBe('Echo: fa');
    expect(error).toBeInstanceOf(Error);
    expect(sim.counters.byStatus[200]).toBe(1);
  });

  it('stream-error: an `event: error` mid-stream, overloaded by default', async () => {
    sim.fault({ type: 'stream-error', afterFrames: 1 });
    const { text, error } = await readStream();
    expect(text).toBe('Echo');
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect((error as APIError).error).toMatchObject({
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('stream-error with a status and message', async () => {
    sim.fault({ type: 'stream-error', status: 500, message: 'boom' });
    const { text, error } = await readStream();
    expect(text).toBe('');
    expect((error as APIError).type).toBe('api_error');
    expect((error as APIError).error).toMatchObject({ error: { message: 'boom' } });
  });

  it('a stream fault waits for a streamed call, and a match limits a rule', async () => {
    sim.fault(
      { type: 'cut-stream' },
      { fault: { type: 'status', status: 404 }, match: (r) => r.model === 'claude-opus-4-1' },
    );
    expect((await ask()).type).toBe('message');
    const other = client.messages.create({ ...params, model: 'claude-opus-4-1' });
    expect(await failure(other)).toBeInstanceOf(Anthropic.NotFoundError);
    expect((await readStream()).error).toBeInstanceOf(Error);
  });

  it('a fault with a probability follows the injected random', async () => {
    const rolls = [0.9, 0.1, 0.9];
    const local = await startSimulator('anthropic', { random: () => rolls.shift() ?? 0 });
    const localClient = new Anthropic({ baseURL: local.baseURL, apiKey: 'k', maxRetries: 0 });
    local.fault({
      fault: { type: 'overloaded' },
      probability: 0.5,
      times: Number.POSITIVE_INFINITY,
    });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await localClient.messages.create(params).then(
          () => 200,
          (error: APIError) => error.status,
        ),
      );
    }
    expect(outcomes).toEqual([200, 529, 200]);
    await local.close();
  });
});
