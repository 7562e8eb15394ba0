import { describe, expect, it } from 'vitest';
import { SimulatorRequestError } from '../simulator/types.js';
import { multipartParts } from './gemini-multipart.js';

describe('multipartParts', () => {
  it('returns the body of each part without its headers', () => {
    const body = Buffer.from(
      '--Bound\r\nContent-Type: application/json\r\n\r\n{"file":{}}\r\n' +
        '--Bound\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--Bound--\r\n',
    );
    const parts = multipartParts(body, 'multipart/related; boundary="Bound"');
    expect(parts.map((part) => part.toString())).toEqual(['{"file":{}}', 'line 1\r\nline 2']);
  });

  it('refuses a body without a boundary', () => {
    expect(() => multipartParts(Buffer.from('x'), 'multipart/related')).toThrow(
      SimulatorRequestError,
    );
  });
});
