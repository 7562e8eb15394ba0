import type { BatchAnswer, BatchApi, BatchCall } from './batch-http.js';

/** Answers a call to a route, given the path's captured segments. */
export type RouteHandler = (
  call: BatchCall,
  params: string[],
) => BatchAnswer | Promise<BatchAnswer>;

export type Route = [method: string, path: RegExp, handler: RouteHandler];

/** A batch API from a table of routes: the first whose method and path match answers. */
export const routeTable = (routes: Route[]): BatchApi => ({
  route(method, url) {
    for (const [routeMethod, path, handler] of routes) {
      const match = method === routeMethod ? url.pathname.match(path) : null;
      if (match) return (call) => handler(call, match.slice(1).map(decodeURIComponent));
    }
    return undefined;
  },
});

/** A page of a list, newest first, by cursor: after an id (the next page) or before one. */
export function pageOf<T extends { id: string }>(
  items: T[],
  cursor: { after?: string; before?: string; limit: number },
): { data: T[]; hasMore: boolean } {
  const { after, before, limit } = cursor;
  if (before !== undefined) {
    const end = Math.max(
      0,
      items.findIndex((item) => item.id === before),
    );
    const start = Math.max(0, end - limit);
    return { data: items.slice(start, end), hasMore: start > 0 };
  }
  const start = after === undefined ? 0 : items.findIndex((item) => item.id === after) + 1;
  return { data: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

/** A `limit` query parameter within [1, max], or the default. */
export function limitOf(url: URL, name: string, fallback: number, max: number): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  const limit = Number(value);
  return Number.isInteger(limit) ? Math.min(Math.max(limit, 1), max) : fallback;
}
