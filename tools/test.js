/**
 * `npm test [-- <jest args>]`: type-checks with tsc while Jest runs, and fails if either fails.
 * On 2 cores tsc fills the core that Jest's global setup and its last suite leave idle, which
 * made npm test about 1 s shorter (median of alternating runs) than one after the other. tsc's report is
 * printed after Jest's so the two never interleave. Plain JavaScript: no transpiler to start.
 */
const { spawn } = require("node:child_process");

const typecheck = spawn(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit"], { stdio: ["ignore", "pipe", "pipe"] });
let typecheckReport = "";
typecheck.stdout.on("data", (chunk) => (typecheckReport += chunk));
typecheck.stderr.on("data", (chunk) => (typecheckReport += chunk));
const typecheckStatus = new Promise((resolve) => typecheck.on("close", resolve));

const jest = spawn(process.execPath, [require.resolve("jest/bin/jest"), ...process.argv.slice(2)], { stdio: "inherit" });
jest.on("close", async (jestStatus) => {
  const tscStatus = await typecheckStatus;
  if (tscStatus !== 0) process.stderr.write(`\ntsc --noEmit found type errors (exit code ${tscStatus}):\n${typecheckReport}`);
  process.exitCode = tscStatus !== 0 ? 2 : (jestStatus ?? 1);
});
