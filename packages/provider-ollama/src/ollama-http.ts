import { errorOf, OllamaHttpError } from './ollama-http-error.js';
import { readNdjson } from './read-ndjson.js';

/** How the adapter reaches an Ollama server. */
export interface OllamaConnection {
  /** `http://127.0.0.1:11434`, no trailing slash. */
  baseURL: string;
  /** Sent with every call: the caller's headers, and `Authorization` when there is an API key. */
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** Milliseconds a call may take before it fails with `timeout`; none by default. */
  timeoutMs?: number;
}

/** The caller's signal and the connection's timeout, as one signal for fetch. */
const signalOf = (connection: OllamaConnection, signal: AbortSignal | undefined) => {
  const timeout =
    connection.timeoutMs === undefined ? undefined : AbortSignal.timeout(connection.timeoutMs);
  const signals = [signal, timeout].filter((s) => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
};

/** POSTs a JSON body; an error status throws an `OllamaHttpError` with the server's message. */
async function post(
  connection: OllamaConnection,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const response = await connection.fetch(`${connection.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...connection.headers },
    body: JSON.stringify(body),
    signal: signalOf(connection, signal),
  });
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** A call answered with one JSON body (`"stream": false`). */
export async function postJson<T>(
  connection: OllamaConnection,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const response = await post(connection, path, body, signal);
  return (await response.json()) as T;
}

/**
 * A call answered with NDJSON lines: each line, in order. A line holding `error` throws it as an
 * `OllamaHttpError`, as the failure it is; a body that is not NDJSON throws a `SyntaxError`.
 */
export async function* postNdjson<T>(
  connection: OllamaConnection,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const response = await post(connection, path, body, signal);
  if (!response.body) throw new OllamaHttpError('Ollama answered a stream with no body');
  for await (const line of readNdjson(response.body)) {
    const error = (line as { error?: unknown } | null)?.error;
    if (typeof error === 'string') throw new OllamaHttpError(error);
    yield line as T;
  }
}
