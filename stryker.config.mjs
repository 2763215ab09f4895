// Mutation testing (`npm run mutation`): Stryker mutates sim/raft and sim/swarm/scheduler and runs
// their unit tests plus a small fixed-seed property profile (properties/mutation-profile.ts)
// against each mutant. Incremental: results are kept in reports/mutation/ and only mutants in
// changed code (or covered by changed tests) run again.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  // The TypeScript checker and tsconfig rewriting need TypeScript's JS API, which TypeScript 7
  // (the native compiler this repo uses) no longer ships: mutants that don't type-check simply
  // fail at run time (tsx strips types) and count as killed or runtime errors.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "properties/vitest.mutation.config.ts", related: false },
  checkers: [],
  // No such file: skips Stryker's tsconfig preprocessor (see above).
  tsconfigFile: "tsconfig.stryker-none.json",
  mutate: ["sim/raft/**/*.ts", "sim/swarm/scheduler/**/*.ts", "!**/*.test.ts", "!sim/raft/testing/**", "!sim/swarm/scheduler/testkit.ts"],
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
