import type { BatchHandler } from './batch-http.js';
import type { SimRequest, SimUsage } from './types.js';

/**
 * A provider's prompt cache inside one simulator, on the simulator's clock: what a generate call
 * reads from it and writes to it, and, where the provider has one, the REST resource of its
 * explicit caches (Gemini's `cachedContents`).
 */
export interface SimPromptCache {
  /**
   * The cache counts of a generate call about to be answered (recording what it writes), as
   * overrides of the counted usage. Throws `SimulatorRequestError` where the provider refuses the
   * call, e.g. for a cache name it does not know.
   */
  use(request: SimRequest): Partial<SimUsage>;
  /** The handler of one of the cache's endpoints; undefined for any other method and path. */
  route?(method: string, url: URL): BatchHandler | undefined;
  /** Forgets everything cached (`reset`). */
  clear(): void;
}
