/**
 * Tests run through SWC (transpile only, ~2x faster than ts-jest); `npm test` type-checks
 * the whole project with `tsc --noEmit` alongside (tools/test.js), so no type error reaches a green run.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  // Jest's default keeps one core for its main process, which only waits: on a 2-core machine
  // that halves the suites running at once.
  maxWorkers: "100%",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
