import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeApp } from "../tools/synth";
import { COLLECTOR_MODE, MIRRORED } from "./default-synth";
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
  const write = (variable: string, env: Record<string, string>) => {
    const file = join(dir, `${variable}.json`);
    writeFileSync(file, JSON.stringify([...synthesizeApp(env)]));
    process.env[variable] = file;
  };
  write("TRACING_DEFAULT_SYNTH", {});
  write("TRACING_COLLECTOR_MODE_SYNTH", COLLECTOR_MODE);
  write("TRACING_MIRRORED_SYNTH", MIRRORED);
}
