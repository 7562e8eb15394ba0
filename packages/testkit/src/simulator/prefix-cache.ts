import type { Clock } from '@llmux/core';

interface Entry {
  text: string;
  expiresAt: number;
}

/** How many characters two strings share from the start. */
const sharedLength = (a: string, b: string): number => {
  const end = Math.min(a.length, b.length);
  let index = 0;
  while (index < end && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
};

/**
 * Prompts seen recently, grouped by route (the machine a provider sends them to), for caches that
 * match any prefix of an earlier prompt by themselves: OpenAI's automatic caching, Gemini's
 * implicit caching. A prompt is kept until `ttlMs` after it was last sent, on the clock; a route
 * keeps its latest `maxPerRoute` prompts.
 */
export function createPrefixCache(clock: Clock, maxPerRoute = 64) {
  const routes = new Map<string, Entry[]>();
  const live = (route: string): Entry[] => {
    const now = clock.now();
    const entries = (routes.get(route) ?? []).filter((entry) => entry.expiresAt > now);
    if (entries.length > 0) routes.set(route, entries);
    else routes.delete(route);
    return entries;
  };

  return {
    /** Characters `text` shares with the live prompt under `route` that shares the most. */
    longestMatch(route: string, text: string): number {
      return live(route).reduce((best, entry) => Math.max(best, sharedLength(entry.text, text)), 0);
    },
    /** Keeps `text` under `route` for `ttlMs` from now (a prompt sent again starts over). */
    keep(route: string, text: string, ttlMs: number): void {
      const entries = live(route).filter((entry) => entry.text !== text);
      entries.push({ text, expiresAt: clock.now() + ttlMs });
      routes.set(route, entries.slice(-maxPerRoute));
    },
    clear(): void {
      routes.clear();
    },
  };
}
