import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, startTestGateway } from './gateway-test-setup.js';

/** The gateway as `curl` users meet it: each API's path, auth header and error shape. */
const run = promisify(execFile);

const embeddings = {
  groups: { default: { candidates: ['openai/text-embedding-3-small'], dimensions: 256 } },
};

/** `curl -s` a JSON body to `path`; the status and the body as text. */
async function curl(url: string, path: string, body: unknown, headers: Record<string, string>) {
  const args = ['-s', '-N', '-w', '\n%{http_code}', '-X', 'POST', `${url}${path}`];
  for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...headers })) {
    args.push('-H', `${name}: ${value}`);
  }
  args.push('--data-binary', typeof body === 'string' ? body : JSON.stringify(body));
  const { stdout } = await run('curl', args);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), text: stdout.slice(0, cut) };
}

const bearer = { authorization: `Bearer ${ACME_KEY}` };
const user = [{ role: 'user', content: 'Is the checkout service healthy?' }];

describe('the gateway through curl', () => {
  it('answers each API, plain and streamed, in its own shape', async () => {
    const { gateway } = await startTestGateway({ config: { embeddings } });
    const chat = await curl(
      gateway.url,
      '/v1/chat/completions',
      { model: 'auto', messages: user },
      bearer,
    );
    expect(chat.status).toBe(200);
    expect(JSON.parse(chat.text)).toMatchObject({ object: 'chat.completion' });

    const streamed = await curl(
      gateway.url,
      '/v1/chat/completions',
      { model: 'auto', messages: user, stream: true },
      bearer,
    );
    expect(streamed.text).toMatch(/^data: \{.*"chat\.completion\.chunk"/);
    expect(streamed.text.trimEnd()).toMatch(/data: \[DONE\]$/);

    const message = await curl(
      gateway.url,
      '/v1/messages',
      { model: 'auto', max_tokens: 64, messages: user, stream: true },
      { 'x-api-key': ACME_KEY, 'anthropic-version': '2023-06-01' },
    );
    expect(message.status).toBe(200);
    expect(message.text).toMatch(/^event: message_start\n/);
    expect(message.text.trimEnd()).toMatch(/event: message_stop\ndata: \{"type":"message_stop"\}$/);

    const response = await curl(
      gateway.url,
      '/v1/responses',
      { model: 'auto', input: 'hi' },
      bearer,
    );
    expect(JSON.parse(response.text)).toMatchObject({ object: 'response', status: 'completed' });

    const vectors = await curl(
      gateway.url,
      '/v1/embeddings',
      { model: 'auto', input: 'x' },
      bearer,
    );
    expect(JSON.parse(vectors.text).data[0].embedding).toHaveLength(256);
  });

  it("refuses a bad key and a bad body with the right 4xx, in each API's error shape", async () => {
    const { gateway } = await startTestGateway({ config: { embeddings } });
    const wrong = await curl(
      gateway.url,
      '/v1/chat/completions',
      { model: 'auto', messages: user },
      {
        authorization: 'Bearer sk-not-ours-0123456789',
      },
    );
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toMatchObject({ error: { type: 'authentication_error' } });

    const anthropicWrong = await curl(
      gateway.url,
      '/v1/messages',
      { model: 'auto', max_tokens: 8, messages: user },
      { 'x-api-key': 'sk-ant-not-ours-0123456789' },
    );
    expect(anthropicWrong.status).toBe(401);
    expect(JSON.parse(anthropicWrong.text)).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });

    const cases: Array<[string, unknown, Record<string, string>, object]> = [
      ['/v1/chat/completions', '{"model":', bearer, { error: { code: 'invalid_json' } }],
      [
        '/v1/chat/completions',
        { model: 'auto', messages: user, temperature: 7 },
        bearer,
        { error: { param: 'temperature', type: 'invalid_request_error' } },
      ],
      [
        '/v1/messages',
        { model: 'auto', messages: user },
        { 'x-api-key': ACME_KEY },
        { type: 'error', error: { type: 'invalid_request_error' } },
      ],
      [
        '/v1/responses',
        { model: 'auto', input: 'hi', previous_response_id: 'resp_1' },
        bearer,
        { error: { param: 'previous_response_id' } },
      ],
      ['/v1/embeddings', { model: 'auto', input: [1, 2] }, bearer, { error: { param: 'input' } }],
    ];
    for (const [path, body, headers, shape] of cases) {
      const refused = await curl(gateway.url, path, body, headers);
      expect(refused.status, path).toBe(400);
      expect(JSON.parse(refused.text), path).toMatchObject(shape);
    }
  });
});
