// Vitest configuration for Stryker (stryker.config.mjs): the unit tests of the mutated code plus
// the small fixed-seed property profile.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["sim/raft/**/*.test.ts", "sim/swarm/scheduler/**/*.test.ts", "properties/mutation-profile.ts"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
