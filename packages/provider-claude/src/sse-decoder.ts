/** A server-sent event: its name (`event:`) and its data lines, joined by `\n`. */
export interface ServerSentEvent {
  event: string | null;
  data: string;
}

/**
 * Cuts server-sent events out of a body as its bytes arrive, as the Anthropic SDK's reader does:
 * lines end at `\n`, `\r\n` or `\r`, a blank line ends an event, `event` and `data` are the fields
 * read (a space after the colon dropped), comments and other fields are skipped, and an event
 * that no blank line ends before the body does is dropped.
 */
export function createSseDecoder() {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Text not yet cut into lines: the start of a line whose end has not arrived. */
  let text = '';
  let event: string | null = null;
  let data: string[] = [];

  /** Reads one line; a blank one ends the event under way, if any, into `out`. */
  const takeLine = (line: string, out: ServerSentEvent[]) => {
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line === '') {
      if (event === null && data.length === 0) return;
      out.push({ event, data: data.join('\n') });
      event = null;
      data = [];
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'event' && field !== 'data') return;
    const from = colon === -1 ? line.length : colon + (line.charCodeAt(colon + 1) === 0x20 ? 2 : 1);
    if (field === 'event') event = line.slice(from);
    else data.push(line.slice(from));
  };

  /** Reads the complete lines of `text`, keeping the unfinished rest. */
  const takeLines = (out: ServerSentEvent[]) => {
    let start = 0;
    if (!text.includes('\r')) {
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        takeLine(text.slice(start, end), out);
        start = end + 1;
      }
    } else {
      for (let at = 0; at < text.length; at++) {
        const char = text.charCodeAt(at);
        if (char !== 0x0a && char !== 0x0d) continue;
        // A `\r` last may be the first half of a `\r\n`: it waits for the next bytes.
        if (char === 0x0d && at + 1 === text.length) break;
        takeLine(text.slice(start, at), out);
        if (char === 0x0d && text.charCodeAt(at + 1) === 0x0a) at++;
        start = at + 1;
      }
    }
    text = text.slice(start);
  };

  return {
    /** The events that `bytes` complete. */
    push(bytes: Uint8Array): ServerSentEvent[] {
      const out: ServerSentEvent[] = [];
      const decoded = decoder.decode(bytes, { stream: true });
      const waiting = text.endsWith('\r');
      text += decoded;
      // Bytes without a line end end no line: the pending one is not searched again.
      if (waiting || decoded.includes('\n') || decoded.includes('\r')) takeLines(out);
      return out;
    },
    /** The events the last bytes complete, once the body has ended. */
    end(): ServerSentEvent[] {
      const out: ServerSentEvent[] = [];
      text += decoder.decode();
      if (text === '') return out;
      for (const line of text.replace(/\r$/, '').split(/\r\n|[\n\r]/)) takeLine(line, out);
      text = '';
      return out;
    },
  };
}
