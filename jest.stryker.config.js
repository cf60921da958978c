/**
 * The Jest configuration Stryker runs (stryker.config.mjs, `npm run mutate`); `npm test` never
 * reads it.
 *
 * Why not jest.config.js: its globalSetup (test/global-setup.ts) synthesizes the shared stacks
 * in Jest's parent process, before the suites run. Stryker switches mutants on at run time: the
 * Jest runner sets `__STRYKER_ACTIVE_MUTANT__` before each mutant's run, and the instrumented
 * code reads it once per global context, the first time it runs (@stryker-mutator/instrumenter
 * 9.6.1 dist/src/util/syntax-helpers.js, `stryNS_9fa48`). In the parent that is the dry run,
 * with no mutant, and the globalSetup's modules stay in Node's require cache: every suite that
 * reads the shared synth (test/default-synth.ts) would test unmutated output, and a mutant only
 * those suites can see would survive (seen: docs/testing.md "Mutation testing"). Here there is no
 * globalSetup: default-synth.ts, finding no shared synth file, synthesizes inside the suite's
 * own module registry, where the mutant is on: in the first suite of the mutant's run that
 * reads it, which keeps it for the run's other suites (`synthOfRun` there says how).
 *
 * `MUTATE_TEST_FILES` (set by tools/mutate.ts): the suites to run, comma-separated paths from
 * the package root; every mutant of a module runs all of them (coverageAnalysis "all").
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

const testFiles = (process.env.MUTATE_TEST_FILES ?? "").split(",").filter(Boolean);
if (testFiles.length === 0) throw new Error("MUTATE_TEST_FILES is not set: run Stryker through npm run mutate");

module.exports = {
  ...base,
  globalSetup: undefined,
  // It removes the run directory the globalSetup makes: there is none.
  globalTeardown: undefined,
  // What the globalSetup did besides the synth, and the switch to synthesize in the suite.
  setupFiles: ["<rootDir>/test/mutation-setup.ts"],
  // Stryker drops the reporters anyway; the summary reporter would only count.
  reporters: ["default"],
  testMatch: testFiles.map((file) => `<rootDir>/${file}`),
};
