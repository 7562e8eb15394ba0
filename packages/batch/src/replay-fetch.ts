/**
 * A `fetch` that drives a provider adapter without a network: it keeps the JSON body of the one
 * call made through it, and answers with `answer` (a batch result replayed as the provider's HTTP
 * response) or, without one, refuses the call once its body is known.
 */
export function replayFetch(answer?: () => Response) {
  const sent: { body?: unknown } = {};
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    sent.body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (!answer) throw new Error('llmux batch: request body captured');
    return answer();
  };
  return { fetch, sent };
}

/** A provider's JSON answer, as its API would send it. */
export const jsonAnswer =
  (body: unknown, status = 200) =>
  (): Response =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

/**
 * The body an adapter's `generate` sends for a request, which is what a batch line carries. It
 * rejects as the adapter does for a request it refuses before sending (`invalid_request`).
 */
export async function capturedBody(
  generate: (fetch: typeof globalThis.fetch) => Promise<unknown>,
): Promise<unknown> {
  const replay = replayFetch();
  try {
    await generate(replay.fetch);
  } catch (error) {
    if (replay.sent.body === undefined) throw error;
  }
  return replay.sent.body;
}

/** Any key: a replayed call goes nowhere, but the SDKs want one. */
export const REPLAY_API_KEY = 'llmux-batch-replay';
