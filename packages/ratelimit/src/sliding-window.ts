/**
 * A sliding window kept as a few dozen slots of counts. A reservation at time t counts every slot
 * from the one that started more than a window before t up to t's own, which always covers
 * (t - windowMs, t]: no span of `windowMs`, wherever it starts, ever holds more than the limit.
 * The price is that each unit of use counts for up to one slot longer than the window.
 * `lua/window-state.ts` is the same arithmetic for Redis.
 */

/** Slots a window is cut into: more is finer, and costs more memory and time per reservation. */
export const SLOTS_PER_WINDOW = 60;

export interface WindowShape {
  slotMs: number;
  /** Slots counted at any moment, the current one included. */
  span: number;
}

export function windowShape(windowMs: number): WindowShape {
  const slotMs = Math.max(1, Math.ceil(windowMs / SLOTS_PER_WINDOW));
  return { slotMs, span: Math.ceil(windowMs / slotMs) + 1 };
}

export const slotAt = (now: number, slotMs: number): number => Math.floor(now / slotMs);

/** The oldest slot still counted at `now`. */
export const firstCountedSlot = (now: number, shape: WindowShape): number =>
  slotAt(now, shape.slotMs) - shape.span + 1;

/** Amounts by slot. */
export type Slots = Map<number, number>;

/** Drops the slots no longer counted and returns the total of the rest. */
export function pruneAndSum(slots: Slots, now: number, shape: WindowShape): number {
  const first = firstCountedSlot(now, shape);
  let used = 0;
  // forEach, not for-of: no entry pair is made per slot, on every reservation.
  slots.forEach((amount, slot) => {
    if (slot < first) slots.delete(slot);
    else used += amount;
  });
  return used;
}

/**
 * Milliseconds until `cost` more fits under `limit`, given the counted slots (0: it fits now).
 * When it can never fit (cost above the limit), a whole window.
 */
export function waitForRoom(
  slots: Slots,
  used: number,
  now: number,
  shape: WindowShape,
  limit: number,
  cost: number,
): number {
  const need = used + cost - limit;
  if (need <= 0) return 0;
  let freed = 0;
  for (const slot of [...slots.keys()].sort((a, b) => a - b)) {
    freed += slots.get(slot) ?? 0;
    // A slot stops counting once the current slot is `span` past it.
    if (freed >= need) return (slot + shape.span) * shape.slotMs - now;
  }
  return shape.span * shape.slotMs;
}
