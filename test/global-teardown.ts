import { rmSync } from "node:fs";

/** Names the run's temporary directory (test/global-setup.ts) for the teardown. */
export const RUN_DIRECTORY_VARIABLE = "GENESIS_TRACING_TEST_RUN_DIRECTORY";

/** Removes the run's temporary directory and all the suites and tools left in it. */
export default function globalTeardown(): void {
  const dir = process.env[RUN_DIRECTORY_VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
