/** How a batch ended. */
export type BatchEnd = 'completed' | 'failed' | 'expired' | 'cancelled';

/** What an item of an ended batch came to. */
export type ItemResult = 'succeeded' | 'errored' | 'canceled' | 'expired';

/** What the simulated batch APIs received and how their batches ended. */
export interface BatchCounters {
  /** Batches created (a create refused with an error status is none). */
  created: number;
  /** Batches that ended, by how; counted when they end on the clock. */
  ended: Record<BatchEnd, number>;
  /** Items of the batches created (`submitted`), and of those that ended, by result. */
  items: Record<'submitted' | ItemResult, number>;
  /** Tokens of the items that succeeded. */
  inputTokens: number;
  outputTokens: number;
}

export const emptyBatchCounters = (): BatchCounters => ({
  created: 0,
  ended: { completed: 0, failed: 0, expired: 0, cancelled: 0 },
  items: { submitted: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
  inputTokens: 0,
  outputTokens: 0,
});
