/**
 * The Jest configuration Stryker runs (stryker.config.mjs, `npm run mutate`); `npm test` never
 * reads it.
 *
 * Why not jest.config.js: its globalSetup (test/global-setup.ts) synthesizes the shared stacks
 * once, in Jest's parent process, before any suite runs. Stryker switches mutants on at run time
 * (`__STRYKER_ACTIVE_MUTANT__`, read by the instrumented code the first time it runs in a global
 * context), and the parent's instrumented modules are loaded once, during the dry run, with no
 * mutant active, and kept in Node's require cache from then on: every suite that reads the
 * shared synth (test/default-synth.ts) would test unmutated output, and a mutant that only those
 * suites can see would survive. Here there is no globalSetup: default-synth.ts, finding no shared
 * synth file, synthesizes inside the test's own module registry (once per suite), where the
 * active mutant is on. The cost is one synth of each kind per suite that reads it, per mutant.
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
  // Stryker drops the reporters anyway; the summary reporter would only count.
  reporters: ["default"],
  testMatch: testFiles.map((file) => `<rootDir>/${file}`),
};
