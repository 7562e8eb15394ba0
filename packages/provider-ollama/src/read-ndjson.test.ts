import { describe, expect, it } from 'vitest';
import { readNdjson } from './read-ndjson.js';

/** A body delivered in exactly these reads. */
const bodyOf = (...reads: Array<string | number[]>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const read of reads) {
        controller.enqueue(
          typeof read === 'string' ? new TextEncoder().encode(read) : new Uint8Array(read),
        );
      }
      controller.close();
    },
  });

const all = async (body: ReadableStream<Uint8Array>) => {
  const values: unknown[] = [];
  for await (const value of readNdjson(body)) values.push(value);
  return values;
};

describe('readNdjson', () => {
  it('reads lines split anywhere across reads, and a last line without its newline', async () => {
    expect(await all(bodyOf('{"a":', '1}\n{"b"', ':2}\n\n{"c":3}'))).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
  });

  it('decodes a character whose bytes arrive in different reads', async () => {
    const bytes = [...new TextEncoder().encode('{"t":"😀é"}\n')];
    const reads = bytes.map((byte) => [byte]);
    expect(await all(bodyOf(...reads))).toEqual([{ t: '😀é' }]);
  });

  it('throws on a line that is not JSON rather than skip it', async () => {
    await expect(all(bodyOf('{"a":1}\n{"type": "message_st\n'))).rejects.toThrow(SyntaxError);
  });

  it('cancels the body when left early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readNdjson(body)) break;
    expect(cancelled).toBe(true);
  });
});
