/**
 * `npm test [-- <jest args>]`: type-checks with tsc and checks the layer rules with
 * dependency-cruiser while Jest runs, and fails if any of them fails. On 2 cores the checks fill
 * the core that Jest's global setup and its last suite leave idle, which made npm test about 1 s
 * shorter (median of alternating runs) than one after the other. Their reports are printed after
 * Jest's so they never interleave. Plain JavaScript: no transpiler to start.
 */
const { spawn } = require("node:child_process");

/** A check run beside Jest: its exit code, and its output kept for the end. */
function check(title, args) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let report = "";
  child.stdout.on("data", (chunk) => (report += chunk));
  child.stderr.on("data", (chunk) => (report += chunk));
  return new Promise((resolve) => child.on("close", (status) => resolve({ title, status, report })));
}

const checks = [
  check("tsc --noEmit found type errors", [require.resolve("typescript/bin/tsc"), "--noEmit"]),
  check("dependency-cruiser found layer violations (.dependency-cruiser.cjs)", [
    require("node:path").join(__dirname, "..", "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs"),
    ...require("../package.json").scripts["lint:deps"].split(" ").slice(1),
  ]),
];

const jest = spawn(process.execPath, [require.resolve("jest/bin/jest"), ...process.argv.slice(2)], { stdio: "inherit" });
jest.on("close", async (jestStatus) => {
  const failed = (await Promise.all(checks)).filter((c) => c.status !== 0);
  for (const c of failed) process.stderr.write(`\n${c.title} (exit code ${c.status}):\n${c.report}`);
  process.exitCode = failed.length > 0 ? 2 : (jestStatus ?? 1);
});
