/**
 * Lets each distinct `console.warn` message through once until the returned function restores
 * `console.warn`. The Anthropic SDK warns on every call to a deprecated model; once is enough
 * for the scenario's hundreds of calls.
 */
export function warnOnce(target: Pick<Console, 'warn'> = console): () => void {
  const original = target.warn;
  const seen = new Set<string>();
  target.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (seen.has(text)) return;
    seen.add(text);
    original.apply(target, args);
  };
  return () => {
    target.warn = original;
  };
}
