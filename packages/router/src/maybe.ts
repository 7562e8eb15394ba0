/**
 * A fact known at once, or a promise of it when its source had to fetch it. The router plans
 * every call: with the stores in memory nothing is awaited, and no promise is made.
 */
export type Maybe<T> = T | Promise<T>;

export const isPromise = <T>(value: Maybe<T>): value is Promise<T> => value instanceof Promise;

/** `next` of the value, at once when it is known, else once it is. */
export const andThen = <T, U>(value: Maybe<T>, next: (found: T) => Maybe<U>): Maybe<U> =>
  isPromise(value) ? value.then(next) : next(value);

/**
 * Runs `step` over the items in order while it returns true, at once while every step is known
 * at once; says whether every item passed.
 */
export function everyInOrder<T>(
  items: readonly T[],
  step: (item: T) => Maybe<boolean>,
  from = 0,
): Maybe<boolean> {
  for (let i = from; i < items.length; i++) {
    const passed = step(items[i]!);
    if (isPromise(passed)) {
      return passed.then((ok) => ok && everyInOrder(items, step, i + 1));
    }
    if (!passed) return false;
  }
  return true;
}
