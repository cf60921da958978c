/**
 * The real Terraform CLI for tests that run configurations needing no provider download
 * (terraform_data, locals, variables): offline, without the user's CLI configuration.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const hasTerraform = spawnSync("terraform", ["version"]).status === 0;

export interface TerraformRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr with whitespace and box-drawing folded to single spaces, for `toContain`. */
  readonly text: string;
}

export interface TerraformDir {
  readonly dir: string;
  /** Writes `main.tf.json` (and, when given, `terraform.tfvars.json`). */
  write(config: object, variables?: object): void;
  run(...args: string[]): TerraformRun;
}

/** Runs `body` in a fresh, initialised working directory, removed afterwards. */
export function withTerraform<T>(prefix: string, body: (terraform: TerraformDir) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  delete env.TF_CLI_CONFIG_FILE;
  const terraform: TerraformDir = {
    dir,
    write(config, variables) {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
      if (variables !== undefined) writeFileSync(join(dir, "terraform.tfvars.json"), JSON.stringify(variables));
    },
    run(...args) {
      const result = spawnSync("terraform", [...args, "-no-color", "-input=false"], { cwd: dir, env, encoding: "utf8" });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, text: (result.stdout + result.stderr).replace(/[\s│]+/g, " ") };
    },
  };
  try {
    return body(terraform);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
