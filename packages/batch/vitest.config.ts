import { defineConfig } from 'vitest/config';

export default defineConfig({
  // A job's whole 24-hour window runs on a manual clock, over real loopback HTTP to the simulators.
  test: { testTimeout: 30_000, hookTimeout: 30_000 },
});
