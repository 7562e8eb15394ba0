/** An object that is not an array and not null: a JSON object, as options and schemas are. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
