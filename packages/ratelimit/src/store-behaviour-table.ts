import { describe, expect, it } from 'vitest';
import type {
  BudgetReservation,
  RateLimitStore,
  ReservationPlan,
  Settlement,
  UsageQuery,
  WindowReservation,
} from './rate-limit-store.js';
import { abandonmentOf, renewedOf } from './reservation.js';
import { windowShape } from './sliding-window.js';

/**
 * The behaviour every store must have, run against each of them (`memory-store.test.ts`,
 * `redis-store.test.ts`). `makeStore` gives a fresh, empty store for each test.
 */
export function describeStoreBehaviour(name: string, makeStore: () => RateLimitStore): void {
  const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
  const minute = windowShape(60_000);
  let ids = 0;

  const TTL = 60_000;
  const plan = (now: number, parts: Partial<ReservationPlan> = {}): ReservationPlan => ({
    now,
    id: `r${++ids}`,
    ttlMs: TTL,
    pauseKey: 'pause',
    windows: [],
    budgets: [],
    leases: [],
    ...parts,
  });
  const end = (now: number, id: string, parts: Partial<Settlement> = {}): Settlement => ({
    now,
    id,
    ttlMs: TTL,
    windows: [],
    budgets: [],
    leases: [],
    ...parts,
  });
  const requests = (limit: number, key = 'rpm'): WindowReservation => ({
    key,
    limit,
    cost: 1,
    ...minute,
  });
  const tokens = (limit: number, cost: number, key = 'tpm'): WindowReservation => ({
    key,
    limit,
    cost,
    ...minute,
  });
  const query = (now: number, parts: Partial<UsageQuery> = {}): UsageQuery => ({
    now,
    pauseKey: 'pause',
    windows: [],
    budgets: [],
    leases: [],
    ...parts,
  });

  describe(`${name}: store behaviour`, () => {
    it('admits up to a window limit, then says exactly when the oldest use leaves the window', async () => {
      const store = makeStore();
      for (let i = 0; i < 3; i++) {
        expect(await store.reserve(plan(T0 + i * 10_000, { windows: [requests(3)] }))).toEqual({
          ok: true,
        });
      }
      // The first use was at T0 (slot s); it stops counting when slot s + 61 begins.
      expect(await store.reserve(plan(T0 + 30_000, { windows: [requests(3)] }))).toEqual({
        ok: false,
        blockedBy: 'window',
        index: 0,
        retryAfterMs: 61_000 - 30_000,
      });
      expect((await store.reserve(plan(T0 + 60_999, { windows: [requests(3)] }))).ok).toBe(false);
      expect(await store.reserve(plan(T0 + 61_000, { windows: [requests(3)] }))).toEqual({
        ok: true,
      });
    });

    it('lets no span of a window hold more than the limit, however the calls straddle its edges', async () => {
      const store = makeStore();
      const limit = 5;
      const admitted: number[] = [];
      // Tries every 250 ms for 3 minutes: a fixed window would admit 2 × limit around each edge.
      for (let now = T0 + 59_000; now < T0 + 240_000; now += 250) {
        const outcome = await store.reserve(plan(now, { windows: [requests(limit)] }));
        if (outcome.ok) admitted.push(now);
      }
      expect(admitted.length).toBeGreaterThanOrEqual(3 * (limit - 1));
      for (const at of admitted) {
        expect(admitted.filter((t) => t > at - 60_000 && t <= at).length).toBeLessThanOrEqual(
          limit,
        );
      }
    });

    it('frees the oldest token slots first when waiting for room', async () => {
      const store = makeStore();
      await store.reserve(plan(T0, { windows: [tokens(100, 40)] }));
      await store.reserve(plan(T0 + 10_000, { windows: [tokens(100, 40)] }));
      // 80 used; 50 more needs 30 freed: the slot of T0 (40) is enough.
      expect(await store.reserve(plan(T0 + 20_000, { windows: [tokens(100, 50)] }))).toMatchObject({
        ok: false,
        retryAfterMs: 61_000 - 20_000,
      });
      // 90 more needs 70 freed: both slots must go.
      expect(await store.reserve(plan(T0 + 20_000, { windows: [tokens(100, 90)] }))).toMatchObject({
        ok: false,
        retryAfterMs: 71_000 - 20_000,
      });
      expect(await store.reserve(plan(T0 + 20_000, { windows: [tokens(100, 20)] }))).toEqual({
        ok: true,
      });
    });

    it('reports the window that frees up last', async () => {
      const store = makeStore();
      await store.reserve(plan(T0, { windows: [requests(1, 'a')] }));
      await store.reserve(plan(T0 + 30_000, { windows: [requests(1, 'b')] }));
      expect(
        await store.reserve(plan(T0 + 40_000, { windows: [requests(1, 'a'), requests(1, 'b')] })),
      ).toEqual({ ok: false, blockedBy: 'window', index: 1, retryAfterMs: 91_000 - 40_000 });
    });

    it('takes nothing when any limit is out of room', async () => {
      const store = makeStore();
      await store.reserve(plan(T0, { windows: [requests(1, 'full')] }));
      const blocked = await store.reserve(
        plan(T0, {
          windows: [requests(5, 'open'), requests(1, 'full')],
          budgets: [{ key: 'usd', limit: 10, cost: 1, expireAt: T0 + 86_400_000 }],
          leases: [{ key: 'conc', limit: 5 }],
        }),
      );
      expect(blocked.ok).toBe(false);
      expect(
        await store.read(
          query(T0, { windows: [{ key: 'open', ...minute }], budgets: ['usd'], leases: ['conc'] }),
        ),
      ).toEqual({ pausedUntil: undefined, windows: [0], budgets: [0], leases: [0] });
      // Nothing is held either: the whole budget is there to take.
      const whole = { key: 'usd', limit: 10, cost: 10, expireAt: T0 + 86_400_000 };
      expect((await store.reserve(plan(T0, { budgets: [whole] }))).ok).toBe(true);
    });

    it('refuses for good a budget that is spent, or that this estimate would overspend', async () => {
      const store = makeStore();
      const expireAt = T0 + 86_400_000;
      const budget = (cost: number) => ({ key: 'usd', limit: 1, cost, expireAt });
      const first = plan(T0, { budgets: [budget(0.6)] });
      expect((await store.reserve(first)).ok).toBe(true);
      await store.pause('pause', T0 + 5_000, T0);
      // $0.60 is held by a call in flight: another may go once it settles (after the pause).
      expect(await store.reserve(plan(T0, { budgets: [budget(0.6)] }))).toMatchObject({
        blockedBy: 'paused',
      });
      expect(await store.reserve(plan(T0 + 5_000, { budgets: [budget(0.6)] }))).toEqual({
        ok: false,
        blockedBy: 'budget-held',
        index: 0,
      });
      await store.settle(
        end(T0 + 5_000, first.id, { budgets: [{ key: 'usd', spent: 0.5, expireAt }] }),
      );
      // $0.50 spent: $0.60 more would overspend it, whatever settles; $0.40 fits.
      await store.pause('pause', T0 + 10_000, T0 + 5_000);
      expect(await store.reserve(plan(T0 + 6_000, { budgets: [budget(0.6)] }))).toEqual({
        ok: false,
        blockedBy: 'budget',
        index: 0,
      });
      const second = plan(T0 + 10_000, { budgets: [budget(0.4)] });
      expect((await store.reserve(second)).ok).toBe(true);
      await store.settle(
        end(T0 + 10_000, second.id, { budgets: [{ key: 'usd', spent: 0.5, expireAt }] }),
      );
      // Spent exactly: even a call of unknown (zero) cost is refused.
      expect((await store.reserve(plan(T0 + 10_000, { budgets: [budget(0)] }))).ok).toBe(false);
      expect((await store.read(query(T0 + 10_000, { budgets: ['usd'] }))).budgets).toEqual([1]);
    });

    it('keeps a spend count without a budget when the limit is Infinity', async () => {
      const store = makeStore();
      const expireAt = T0 + 86_400_000;
      const track = { key: 'usd', limit: Infinity, cost: 1e9, expireAt };
      const reservations = [plan(T0, { budgets: [track] }), plan(T0, { budgets: [track] })];
      for (const reservation of reservations) {
        expect((await store.reserve(reservation)).ok).toBe(true);
      }
      for (const { id } of reservations) {
        await store.settle(end(T0, id, { budgets: [{ key: 'usd', spent: 123.5, expireAt }] }));
      }
      expect((await store.read(query(T0, { budgets: ['usd'] }))).budgets).toEqual([247]);
    });

    it('holds concurrency leases until settled, or until their time runs out', async () => {
      const store = makeStore();
      const lease = { key: 'conc', limit: 2 };
      const first = plan(T0, { leases: [lease] });
      expect((await store.reserve(first)).ok).toBe(true);
      expect((await store.reserve(plan(T0, { leases: [lease] }))).ok).toBe(true);
      expect(await store.reserve(plan(T0, { leases: [lease] }))).toEqual({
        ok: false,
        blockedBy: 'concurrency',
        index: 0,
      });
      await store.settle(end(T0, first.id, { leases: ['conc'] }));
      expect((await store.read(query(T0, { leases: ['conc'] }))).leases).toEqual([1]);
      expect((await store.reserve(plan(T0 + 1, { leases: [lease] }))).ok).toBe(true);
      // Both remaining leases were taken at T0 or T0 + 1 and lapse 60 s later.
      expect((await store.read(query(T0 + 60_001, { leases: ['conc'] }))).leases).toEqual([0]);
      expect((await store.reserve(plan(T0 + 60_001, { leases: [lease] }))).ok).toBe(true);
    });

    it('pauses until a time, never shortens a pause, and reports it', async () => {
      const store = makeStore();
      await store.pause('pause', T0 + 10_000, T0);
      await store.pause('pause', T0 + 5_000, T0);
      expect(await store.reserve(plan(T0 + 1_000))).toEqual({
        ok: false,
        blockedBy: 'paused',
        index: 0,
        retryAfterMs: 9_000,
      });
      expect((await store.read(query(T0 + 1_000))).pausedUntil).toBe(T0 + 10_000);
      await store.pause('pause', T0 + 20_000, T0 + 1_000);
      expect((await store.read(query(T0 + 15_000))).pausedUntil).toBe(T0 + 20_000);
      expect((await store.read(query(T0 + 20_000))).pausedUntil).toBeUndefined();
      expect((await store.reserve(plan(T0 + 20_000))).ok).toBe(true);
      // Another key is not paused.
      expect((await store.reserve(plan(T0 + 1_000, { pauseKey: 'other' }))).ok).toBe(true);
    });

    it('settles tokens and spend to the actual amounts, in the slot the reservation used', async () => {
      const store = makeStore();
      const reservation = plan(T0, {
        windows: [tokens(1_000, 500)],
        budgets: [{ key: 'usd', limit: 10, cost: 2, expireAt: T0 + 86_400_000 }],
      });
      await store.reserve(reservation);
      await store.settle(
        end(T0 + 5_000, reservation.id, {
          windows: [{ key: 'tpm', slot: Math.floor(T0 / minute.slotMs), delta: -380, ...minute }],
          budgets: [{ key: 'usd', spent: 0.25, expireAt: T0 + 86_400_000 }],
        }),
      );
      const reading = await store.read(
        query(T0 + 5_000, { windows: [{ key: 'tpm', ...minute }], budgets: ['usd'] }),
      );
      expect(reading.windows).toEqual([120]);
      expect(reading.budgets[0]).toBeCloseTo(0.25, 10);
      // The slot still counts until T0 + 61 s, so 880 more fit and 881 do not.
      expect((await store.reserve(plan(T0 + 6_000, { windows: [tokens(1_000, 881)] }))).ok).toBe(
        false,
      );
      expect((await store.reserve(plan(T0 + 6_000, { windows: [tokens(1_000, 880)] }))).ok).toBe(
        true,
      );
    });

    it('ignores a settlement for a slot that has left the window, or a budget period that ended', async () => {
      const store = makeStore();
      const reservation = plan(T0, {
        windows: [tokens(1_000, 500)],
        budgets: [{ key: 'usd', limit: 10, cost: 2, expireAt: T0 + 1_000 }],
      });
      await store.reserve(reservation);
      const later = T0 + 120_000;
      await store.settle(
        end(later, reservation.id, {
          windows: [{ key: 'tpm', slot: Math.floor(T0 / minute.slotMs), delta: 300, ...minute }],
          budgets: [{ key: 'usd', spent: 5, expireAt: T0 + 1_000 }],
        }),
      );
      const reading = await store.read(
        query(later, { windows: [{ key: 'tpm', ...minute }], budgets: ['usd'] }),
      );
      expect(reading.windows).toEqual([0]);
      expect(reading.budgets).toEqual([0]);
    });

    it('keeps windows of different lengths apart', async () => {
      const store = makeStore();
      const second = { key: 'rps', limit: 2, cost: 1, ...windowShape(1_000) };
      expect((await store.reserve(plan(T0, { windows: [second] }))).ok).toBe(true);
      expect((await store.reserve(plan(T0 + 100, { windows: [second] }))).ok).toBe(true);
      const blocked = await store.reserve(plan(T0 + 200, { windows: [second] }));
      expect(blocked).toMatchObject({ ok: false, blockedBy: 'window' });
      // 17 ms slots, 60 of them counted: the use at T0 stops counting 60 slots after its own.
      const freeAt = (Math.floor(T0 / second.slotMs) + second.span) * second.slotMs;
      expect(freeAt - T0).toBeGreaterThan(1_000);
      expect(blocked.ok === false && blocked.retryAfterMs).toBe(freeAt - (T0 + 200));
      expect((await store.reserve(plan(freeAt - 1, { windows: [second] }))).ok).toBe(false);
      expect((await store.reserve(plan(freeAt, { windows: [second] }))).ok).toBe(true);
    });

    const conc = { key: 'conc', limit: 1 };
    const usd = (cost: number): BudgetReservation => ({
      key: 'usd',
      limit: 1,
      cost,
      expireAt: T0 + 86_400_000,
    });

    it('lets a lease and a budget hold lapse a lease after they were taken or last renewed', async () => {
      const store = makeStore();
      const held = plan(T0, { leases: [conc], budgets: [usd(0.6)] });
      expect((await store.reserve(held)).ok).toBe(true);
      const another = (now: number) =>
        store.reserve(plan(now, { leases: [conc], budgets: [usd(0.6)] }));
      expect(await another(T0 + 40_000)).toMatchObject({ ok: false, blockedBy: 'budget-held' });
      // Renewed at 40 s: held until 100 s rather than 60 s.
      await store.renew({ now: T0 + 40_000, reservations: [renewedOf(held)] });
      expect(await another(T0 + 99_999)).toMatchObject({ ok: false, blockedBy: 'budget-held' });
      expect((await store.read(query(T0 + 99_999, { leases: ['conc'] }))).leases).toEqual([1]);
      expect((await another(T0 + 100_000)).ok).toBe(true);
    });

    it('puts back what a renewal finds lapsed (the store restarted, or was out for a lease)', async () => {
      const store = makeStore();
      const held = plan(T0, { leases: [{ key: 'conc', limit: 5 }], budgets: [usd(0.6)] });
      await store.reserve(held);
      await store.renew({ now: T0 + 61_000, reservations: [renewedOf(held)] });
      expect((await store.read(query(T0 + 61_000, { leases: ['conc'] }))).leases).toEqual([1]);
      expect(await store.reserve(plan(T0 + 61_000, { budgets: [usd(0.6)] }))).toMatchObject({
        blockedBy: 'budget-held',
      });
    });

    it('ends a reservation once: a second end, or a renewal after it, does nothing', async () => {
      const store = makeStore();
      const expireAt = T0 + 86_400_000;
      const made = plan(T0, { windows: [tokens(1_000, 500)], leases: [conc], budgets: [usd(0.6)] });
      await store.reserve(made);
      const settlement = end(T0 + 1_000, made.id, {
        windows: [{ key: 'tpm', slot: Math.floor(T0 / minute.slotMs), delta: -400, ...minute }],
        budgets: [{ key: 'usd', spent: 0.1, expireAt }],
        leases: ['conc'],
      });
      await store.settle(settlement);
      await store.settle(settlement);
      await store.renew({ now: T0 + 2_000, reservations: [renewedOf(made)] });
      const reading = await store.read(
        query(T0 + 2_000, {
          windows: [{ key: 'tpm', ...minute }],
          budgets: ['usd'],
          leases: ['conc'],
        }),
      );
      expect(reading).toMatchObject({ windows: [100], leases: [0] });
      expect(reading.budgets[0]).toBeCloseTo(0.1, 10);
      // Nothing is held: the rest of the budget is there to take.
      expect((await store.reserve(plan(T0 + 2_000, { budgets: [usd(0.9)] }))).ok).toBe(true);
    });

    it('undoes an abandoned reservation that was made: windows, hold and lease', async () => {
      const store = makeStore();
      const made = plan(T0, {
        windows: [requests(5), tokens(1_000, 500)],
        leases: [conc],
        budgets: [usd(0.6)],
      });
      await store.reserve(made);
      await store.settle(abandonmentOf(made, T0 + 2_000));
      expect(
        await store.read(
          query(T0 + 2_000, {
            windows: [
              { key: 'rpm', ...minute },
              { key: 'tpm', ...minute },
            ],
            leases: ['conc'],
          }),
        ),
      ).toMatchObject({ windows: [0, 0], leases: [0] });
      expect((await store.reserve(plan(T0 + 2_000, { budgets: [usd(1)] }))).ok).toBe(true);
    });

    it('makes nothing of a reserve that arrives after its abandonment', async () => {
      const store = makeStore();
      const late = plan(T0, { windows: [requests(5)], leases: [conc], budgets: [usd(0.6)] });
      await store.settle(abandonmentOf(late, T0 + 1_000));
      expect(await store.reserve(late)).toEqual({ ok: false, blockedBy: 'ended', index: 0 });
      expect(
        await store.read(
          query(T0 + 1_000, { windows: [{ key: 'rpm', ...minute }], leases: ['conc'] }),
        ),
      ).toMatchObject({ windows: [0], leases: [0] });
      expect(
        (await store.reserve(plan(T0 + 1_000, { leases: [conc], budgets: [usd(1)] }))).ok,
      ).toBe(true);
    });

    it('leaves counts alone when the abandoned reserve was refused', async () => {
      const store = makeStore();
      await store.reserve(plan(T0, { windows: [requests(1)] }));
      const refused = plan(T0, { windows: [requests(1)] });
      expect((await store.reserve(refused)).ok).toBe(false);
      await store.settle(abandonmentOf(refused, T0));
      expect(
        (await store.read(query(T0, { windows: [{ key: 'rpm', ...minute }] }))).windows,
      ).toEqual([1]);
    });

    it('counts the processes that renewed within their presence', async () => {
      const store = makeStore();
      const beat = (now: number, id?: string) =>
        store.renew({ now, reservations: [], ...(id && { process: { id, ttlMs: 30_000 } }) });
      expect(await beat(T0, 'a')).toEqual({ processes: 1 });
      expect(await beat(T0 + 10_000, 'b')).toEqual({ processes: 2 });
      expect(await beat(T0 + 20_000, 'a')).toEqual({ processes: 2 });
      // b last renewed at 10 s: it is gone at 40 s.
      expect(await beat(T0 + 40_000)).toEqual({ processes: 1 });
      expect(await beat(T0 + 50_000)).toEqual({ processes: 0 });
    });
  });
}
