import { describe, expect, it } from 'vitest';
import { createSseDecoder, type ServerSentEvent } from './sse-decoder.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every event of `text` fed to a decoder in pieces cut at `cuts` (byte offsets). */
function decode(text: string, cuts: number[] = []): ServerSentEvent[] {
  const all = bytes(text);
  const decoder = createSseDecoder();
  const events: ServerSentEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, all.length]) {
    events.push(...decoder.push(all.subarray(from, cut)));
    from = cut;
  }
  return [...events, ...decoder.end()];
}

describe('createSseDecoder', () => {
  it('cuts named events at blank lines, whatever the line ends', () => {
    const expected = [
      { event: 'message_start', data: '{"a":1}' },
      { event: 'ping', data: '{}' },
    ];
    for (const end of ['\n', '\r\n', '\r']) {
      const text = `event: message_start${end}data: {"a":1}${end}${end}event: ping${end}data: {}${end}${end}`;
      expect(decode(text)).toEqual(expected);
    }
  });

  it('gives the same events however the bytes are cut, a character or a CRLF split included', () => {
    const text = 'event: delta\r\ndata: {"text":"héllo ✓"}\r\n\r\nevent: stop\r\ndata: {}\r\n\r\n';
    const whole = decode(text);
    expect(whole).toEqual([
      { event: 'delta', data: '{"text":"héllo ✓"}' },
      { event: 'stop', data: '{}' },
    ]);
    const length = bytes(text).length;
    for (let cut = 1; cut < length; cut++) expect(decode(text, [cut])).toEqual(whole);
    expect(
      decode(
        text,
        Array.from({ length: length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
  });

  it('joins data lines, and skips comments, other fields and a leading byte-order mark', () => {
    const text = '\uFEFF: a comment\nid: 7\nretry: 10\nevent:named\ndata: one\ndata:two\ndata\n\n';
    expect(decode(text)).toEqual([{ event: 'named', data: 'one\ntwo\n' }]);
  });

  it('reads an event without a name, and no event from blank lines alone', () => {
    expect(decode('\n\ndata: x\n\n\n')).toEqual([{ event: null, data: 'x' }]);
  });

  it('drops an event that no blank line ends before the body does', () => {
    expect(decode('event: a\ndata: 1\n\nevent: b\ndata: 2\n')).toEqual([{ event: 'a', data: '1' }]);
    expect(decode('event: a\ndata: 1')).toEqual([]);
  });

  it('ends an event on a last lone CR, as the line end it is', () => {
    expect(decode('event: a\rdata: 1\r\r')).toEqual([{ event: 'a', data: '1' }]);
  });
});
