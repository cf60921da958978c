import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeApp } from "../tools/synth";
import { SHARED_SYNTHS } from "./default-synth";
import { isolateFromDeveloperSettings } from "./isolated-environment";
import "./skip-token-stack-traces";

/**
 * Synthesizes the app once with default settings, once in collector sampling mode and once
 * with every image on a mirror, for
 * every suite that only reads them (Jest loads cdktf and the providers again in each test
 * file, which costs more than reading JSON).
 */
export default function globalSetup(): void {
  // Before the workers start: they, and the tools the suites spawn, inherit what is left.
  isolateFromDeveloperSettings();
  const dir = mkdtempSync(join(tmpdir(), "tracing-default-synth-"));
  for (const [variable, env] of Object.entries(SHARED_SYNTHS)) {
    const file = join(dir, `${variable}.json`);
    writeFileSync(file, JSON.stringify([...synthesizeApp(env)]));
    process.env[variable] = file;
  }
}
