// autocannon ships no types; these cover what the gateway benchmark uses.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
  }
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    latency: Histogram;
    requests: Histogram;
  }
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Requests in turn; `setupRequest` may change each one before it is sent. */
    requests?: Array<{
      setupRequest?: (request: object) => object;
    }>;
    connections?: number;
    /** Seconds. */
    duration?: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
