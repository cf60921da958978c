import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { addTracingStacks } from "../stacks/app";
import type { EnvironmentVariables } from "../tracing/settings";

/** Every file of a real `cdktf synth` of the whole app, by path relative to the output dir. */
export function synthesizeApp(env: EnvironmentVariables = {}): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "tracing-synth-"));
  try {
    const app = new App({ outdir });
    addTracingStacks(app, env);
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

/** The synthesized Terraform JSON of each stack. */
export function stackDocuments(files: Map<string, string>): Record<string, any> {
  return Object.fromEntries(
    [...files]
      .filter(([path]) => path.endsWith("cdk.tf.json"))
      .map(([path, text]) => [path.split("/")[1], JSON.parse(text)]),
  );
}

/** Every string leaf of a JSON document with its key path. */
export function stringLeaves(node: unknown, path: string[] = []): { path: string[]; value: string }[] {
  if (typeof node === "string") return [{ path, value: node }];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => stringLeaves(value, [...path, key]));
}
