/**
 * The JSON values of a newline-delimited JSON body, one a line, in order, whatever the reads cut:
 * a line split across reads waits for its end, a UTF-8 character split across reads is decoded
 * whole, and a last line without its newline still counts. A line that is not JSON throws a
 * `SyntaxError` rather than be skipped; blank lines are skipped. Leaving early cancels the body,
 * which frees its connection.
 */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = done ? '' : (lines.pop() ?? '');
      for (const line of lines) if (line.trim() !== '') yield JSON.parse(line);
      if (done) return;
    }
  } finally {
    // Resolves at once for a body already read to its end; aborts the read of one left early.
    await reader.cancel().catch(() => undefined);
  }
}
