/**
 * What an Ollama server answered instead of a result: an error status with its `{"error": …}`
 * body (`status` and the response `headers` set), or an `{"error": …}` line in the middle of a
 * stream (no status: the stream had already answered 200).
 */
export class OllamaHttpError extends Error {
  override readonly name = 'OllamaHttpError';
  constructor(
    message: string,
    readonly status?: number,
    readonly headers?: Headers,
  ) {
    super(message);
  }
}

/** The message of an error body: its `error` field, else the text, else the status. */
export async function errorOf(response: Response): Promise<OllamaHttpError> {
  const text = await response.text().catch(() => '');
  let message = text.trim() || `HTTP ${response.status}`;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body?.error === 'string' && body.error !== '') message = body.error;
  } catch {
    // Not JSON (a proxy's HTML page, say): the text is the message.
  }
  return new OllamaHttpError(message, response.status, response.headers);
}
