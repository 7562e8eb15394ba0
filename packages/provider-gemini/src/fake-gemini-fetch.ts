/** A `fetch` for tests that answers every call with one recorded body, and keeps the requests. */
export interface FakeGeminiFetch {
  fetch: typeof fetch;
  requests: Array<{ url: string; body: unknown; headers: Headers }>;
}

function fake(respond: () => Response): FakeGeminiFetch {
  const requests: FakeGeminiFetch['requests'] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests.push({
      url: String(input),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: new Headers(init?.headers),
    });
    return respond();
  };
  return { fetch, requests };
}

/** Answers with a JSON body (an error body with an error status). */
export const jsonFetch = (body: string | object, status = 200): FakeGeminiFetch =>
  fake(
    () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      }),
  );

/** Answers with server-sent events, one `data:` line per chunk, as `alt=sse` does. */
export const sseFetch = (chunks: Array<string | object>): FakeGeminiFetch =>
  fake(
    () =>
      new Response(
        chunks
          .map(
            (chunk) => `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\r\n\r\n`,
          )
          .join(''),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
  );
