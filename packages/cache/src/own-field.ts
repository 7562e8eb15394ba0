/**
 * Adds a field to an object built as a copy. Assigning `__proto__` would set the object's
 * prototype instead (JSON.parse, like `Object.fromEntries`, makes it an own field).
 */
export const setOwnField = (object: Record<string, unknown>, key: string, value: unknown) => {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else object[key] = value;
};
