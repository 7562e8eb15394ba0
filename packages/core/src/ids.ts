import { randomUUID } from 'node:crypto';

/** Makes unique ids; injected so tests can predict them. */
export type IdGenerator = () => string;

export const randomId: IdGenerator = () => randomUUID();

/** `prefix-1`, `prefix-2`, ...: predictable ids for tests. */
export const sequentialIds = (prefix = 'id'): IdGenerator => {
  let n = 0;
  return () => `${prefix}-${++n}`;
};
