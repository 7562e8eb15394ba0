import { describe, expect, it } from 'vitest';
import { limitOf, pageOf, routeTable } from './batch-routes.js';

const items = ['e', 'd', 'c', 'b', 'a'].map((id) => ({ id }));
const ids = (page: { data: Array<{ id: string }> }) => page.data.map((item) => item.id);

describe('pageOf', () => {
  it('pages forward after an id, and back before one', () => {
    expect(pageOf(items, { limit: 2 })).toMatchObject({ hasMore: true });
    expect(ids(pageOf(items, { limit: 2 }))).toEqual(['e', 'd']);
    expect(ids(pageOf(items, { after: 'd', limit: 2 }))).toEqual(['c', 'b']);
    expect(pageOf(items, { after: 'b', limit: 2 })).toEqual({
      data: [{ id: 'a' }],
      hasMore: false,
    });
    expect(pageOf(items, { before: 'b', limit: 2 })).toEqual({
      data: [{ id: 'd' }, { id: 'c' }],
      hasMore: true,
    });
  });

  it('reads a limit within its bounds', () => {
    const url = (query: string) => new URL(`http://sim/x?${query}`);
    expect(limitOf(url(''), 'limit', 20, 100)).toBe(20);
    expect(limitOf(url('limit=500'), 'limit', 20, 100)).toBe(100);
    expect(limitOf(url('limit=0'), 'limit', 20, 100)).toBe(1);
    expect(limitOf(url('limit=x'), 'limit', 20, 100)).toBe(20);
  });
});

describe('routeTable', () => {
  it('hands the first matching route its decoded path segments', async () => {
    const api = routeTable([
      ['GET', /^\/things\/([^/]+)$/, (_call, [id]) => ({ body: { id } })],
      ['POST', /^\/things$/, () => ({ status: 201, body: {} })],
    ]);
    const handler = api.route('GET', new URL('http://sim/things/a%2Fb'));
    expect(await handler?.({} as never)).toEqual({ body: { id: 'a/b' } });
    expect(api.route('DELETE', new URL('http://sim/things/a'))).toBeUndefined();
  });
});
