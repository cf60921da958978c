import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { addTracingStacks } from "../stacks/app";
import { resolveAllSettings } from "../tracing/checked-settings";
import { type EnvironmentVariables, type SettingFiles } from "../tracing/settings";

export { stackDocuments, stringLeaves } from "./synth-documents";

/** Every file of a real `cdktf synth` of the whole app, by path relative to the output dir. */
export function synthesizeApp(env: EnvironmentVariables = {}, settingFiles: SettingFiles = {}): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "tracing-synth-"));
  try {
    const app = new App({ outdir });
    addTracingStacks(app, resolveAllSettings(env, settingFiles));
    app.synth();
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else files.set(relative(outdir, path), readFileSync(path, "utf8"));
      }
    };
    walk(outdir);
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
