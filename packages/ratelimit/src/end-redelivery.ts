import type { Clock } from '@llmux/core';
import type { Settlement } from './rate-limit-store.js';

/** Ends kept for redelivery at most; past it the oldest are given up (what they held lapses). */
const MAX_KEPT = 10_000;

/** One send of an end to the store. */
export interface EndSend {
  done: Promise<unknown>;
  /** Whether the command went out: then it may still run in the store, though it failed here. */
  sent(): boolean;
}

export interface EndRedelivery {
  /**
   * Sends the end of a reservation. If the send fails, the end is kept and sent again on
   * `retry()`, and the returned promise rejects as the send did.
   */
  deliver(settlement: Settlement): Promise<void>;
  /**
   * Ends a reservation whose reserve was given up on, though it may still run in the store: sent
   * at once, so it follows the reserve down the connection, and kept until it is known to have
   * arrived, for as long as the reserve (made at `reservedAt`) could matter.
   */
  abandon(settlement: Settlement, reservedAt: number): void;
  /** The store answers again: sends every kept end once more. */
  retry(): void;
  /** Ends waiting to be sent again. */
  readonly size: number;
}

interface Kept {
  settlement: Settlement;
  uncertainSince?: number;
}

/**
 * Ends of reservations that must reach the store even when it was out as they were made: sent
 * again once the store answers, for as long as that is safe. Ends are idempotent in the store
 * (it marks a reservation ended for twice its lease), so an end that may already have run is
 * sent again only within its lease of the first time it may have; by then what it held has
 * lapsed anyway. An end that never went out is kept until it does.
 */
export function createEndRedelivery(options: {
  clock: Clock;
  /** `direct`: send now, past the store's breaker (it stays in the connection behind earlier commands). */
  send: (settlement: Settlement, direct: boolean) => EndSend;
}): EndRedelivery {
  const { clock, send } = options;
  const kept = new Map<string, Kept>();
  const sending = new Set<string>();

  const keep = (entry: Kept) => {
    const { id } = entry.settlement;
    kept.delete(id);
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(id, entry);
  };

  const attempt = async (settlement: Settlement, direct: boolean, uncertainSince?: number) => {
    const { id } = settlement;
    sending.add(id);
    const sent = send(settlement, direct);
    try {
      await sent.done;
      kept.delete(id);
    } catch (error) {
      keep({
        settlement,
        uncertainSince: uncertainSince ?? (sent.sent() ? clock.now() : undefined),
      });
      throw error;
    } finally {
      sending.delete(id);
    }
  };

  return {
    deliver: (settlement) => attempt(settlement, false),
    abandon(settlement, reservedAt) {
      attempt(settlement, true, reservedAt).catch(() => {
        // Kept for the next time the store answers.
      });
    },
    retry() {
      const now = clock.now();
      for (const [id, { settlement, uncertainSince }] of kept) {
        if (sending.has(id)) continue;
        if (uncertainSince !== undefined && now - uncertainSince > settlement.ttlMs) {
          kept.delete(id);
          continue;
        }
        attempt(settlement, false, uncertainSince).catch(() => {
          // Kept for the next time the store answers.
        });
      }
    },
    get size() {
      return kept.size;
    },
  };
}
