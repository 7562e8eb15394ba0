import { describe, expect, it } from 'vitest';
import { definedOnly, imageFromUrl } from './wire-view.js';

describe('imageFromUrl', () => {
  it('reads a data URL as its media type and base64 data, anything else as a URL', () => {
    expect(imageFromUrl('data:image/png;base64,iVBOR')).toEqual({
      mediaType: 'image/png',
      data: 'iVBOR',
    });
    expect(imageFromUrl('https://example.com/a.png')).toEqual({ url: 'https://example.com/a.png' });
  });
});

describe('definedOnly', () => {
  it('leaves out undefined fields, keeping falsy values that were sent', () => {
    expect(definedOnly({ a: undefined, b: 0, c: '' })).toEqual({ b: 0, c: '' });
  });
});
