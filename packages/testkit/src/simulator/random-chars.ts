import { randomInt } from 'node:crypto';

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const LOWERCASE_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';

/** `length` characters drawn from `alphabet`: the random part of the ids providers make. */
export function randomChars(alphabet: string, length: number): string {
  let chars = '';
  while (chars.length < length) chars += alphabet[randomInt(alphabet.length)];
  return chars;
}
