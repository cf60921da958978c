import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeApp } from "../tools/synth";
import "./skip-token-stack-traces";

/**
 * Synthesizes the app once with default settings for every suite that only reads it (Jest
 * loads cdktf and the providers again in each test file, which costs more than reading JSON).
 */
export default function globalSetup(): void {
  const file = join(mkdtempSync(join(tmpdir(), "tracing-default-synth-")), "files.json");
  writeFileSync(file, JSON.stringify([...synthesizeApp()]));
  process.env.TRACING_DEFAULT_SYNTH = file;
}
