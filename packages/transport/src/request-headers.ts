/** Headers as fetch takes them: a `Headers`, `[name, value]` pairs or a record. */
export type HeadersInput =
  | Headers
  | ReadonlyArray<readonly [string, string]>
  | Record<string, string>;

/**
 * The request's headers as undici dispatches them: one record with lower-case names, so a
 * default (content-type, accept-encoding) is added only where the caller set none.
 */
export function requestHeaders(input: HeadersInput | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!input) return headers;
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : String(value);
  };
  if (input instanceof Headers || Array.isArray(input)) {
    for (const [name, value] of input as Iterable<[string, string]>) add(name, value);
  } else {
    for (const name of Object.keys(input)) {
      const value = (input as Record<string, string | undefined>)[name];
      if (value !== undefined) add(name, value);
    }
  }
  return headers;
}
