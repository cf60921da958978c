/**
 * Mutation testing (docs/testing.md "Mutation testing"): run it through `npm run mutate -- [files]`
 * (tools/mutate.ts), which sets, for each module, the files to mutate (`--mutate`), the suites
 * that test it (MUTATE_TEST_FILES, read by jest.stryker.config.js) and where its reports go.
 * Never part of npm test or CI: one module takes minutes to hours on 2 cores.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const run = process.env.MUTATE_RUN ?? "mutation";

export default {
  testRunner: "jest",
  plugins: ["@stryker-mutator/jest-runner"],
  jest: {
    // No globalSetup synth there: the shared synths are made inside each suite, with the
    // mutant on (jest.stryker.config.js says why).
    configFile: "jest.stryker.config.js",
    // The suites are chosen per module by tools/mutate.ts: Jest's related-test search would
    // not find the suites that read the shared synth (they import none of the code).
    enableFindRelatedTests: false,
  },
  // "perTest" would tie a mutant to the tests that ran its code, but a suite's shared synth
  // runs once, inside whichever test reads it first: a mutant that a later test of the suite
  // sees would not be run against that test. "all" runs every chosen suite against every
  // mutant that any test reached (mutants no test reaches are still reported "no coverage").
  coverageAnalysis: "all",
  // Every failing test is listed in the JSON report's `killedBy`, not just the first: a kill
  // that only a snapshot or drift test saw is told apart (tools/mutation-score.ts).
  disableBail: true,
  // The machine is shared (2 cores): one test runner unless --concurrency says more.
  concurrency: 1,
  // No incremental mode: with coverageAnalysis "all" Stryker has no per-test coverage to tell
  // which mutants a new or changed test reaches, and reuses every result. Tried: after a suite
  // was added for alert-rules.ts, "355 of 355 mutant result(s) are reused", survivors included.
  incremental: false,
  reporters: ["json", "clear-text", "progress"],
  // Per module (MUTATE_RUN, set by tools/mutate.ts), so that two modules can run at once: the
  // report, and the sandbox, which Stryker deletes whole at the end of its run.
  jsonReporter: { fileName: `reports/mutation/${run}.json` },
  tempDirName: `.stryker-tmp/${run}`,
  cleanTempDir: "always",
  // Added to each mutant's expected time: on a busy shared machine a slow run must not be
  // taken for a mutant that loops (Stryker's default is 5 s).
  timeoutMS: 30000,
};
