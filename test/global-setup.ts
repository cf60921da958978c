import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { synthesizeApp } from "../tools/synth";
import { SHARED_SYNTHS } from "./default-synth";
import { isolateFromDeveloperSettings } from "./isolated-environment";
import { RUN_DIRECTORY_VARIABLE } from "./global-teardown";
import "./skip-token-stack-traces";

/**
 * Synthesizes the app once with default settings, once in collector sampling mode and once
 * with every image on a mirror, for
 * every suite that only reads them (Jest loads cdktf and the providers again in each test
 * file, which costs more than reading JSON).
 */
/**
 * One temporary directory for the whole run, removed by test/global-teardown.ts: everything
 * the run writes below `os.tmpdir()` lands in it. cdktf's `Testing.app()` makes a directory
 * there for every app it creates and never removes it, so without this each `npm test` left
 * hundreds of empty directories in /tmp. `os.tmpdir()` reads TMPDIR on every call, and the
 * workers and the tools the suites spawn inherit it.
 */
function useRunTemporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "genesis-tracing-test-"));
  // tsx keeps its transpile cache in <tmpdir>/tsx-<user>: the tools the suites spawn keep using
  // the lasting one, or each run would transpile every tool again (seconds of npm test).
  const tsxCache = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;
  mkdirSync(join(tmpdir(), tsxCache), { recursive: true });
  symlinkSync(join(tmpdir(), tsxCache), join(dir, tsxCache), "dir");
  process.env[RUN_DIRECTORY_VARIABLE] = dir;
  process.env.TMPDIR = dir;
  return dir;
}

export default function globalSetup(): void {
  // Before the workers start: they, and the tools the suites spawn, inherit what is left.
  isolateFromDeveloperSettings();
  const dir = useRunTemporaryDirectory();
  for (const [variable, env] of Object.entries(SHARED_SYNTHS)) {
    const file = join(dir, `${variable}.json`);
    writeFileSync(file, JSON.stringify([...synthesizeApp(env)]));
    process.env[variable] = file;
  }
}
