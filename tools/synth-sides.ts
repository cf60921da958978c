/**
 * The stack documents of one side of a comparison: some code (a git ref in a temporary
 * worktree, or the working tree) synthesized with some `.env`, run the way `cdktf synth` runs
 * it (that code's own cdktf.json `app`), offline. Used by `npm run diff` and
 * `npm run netpol:matrix -- --base`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError } from "../environment";

/** One side: which code, and the settings file it is synthesized with. */
export interface Side {
  /** A git ref, or undefined for the working tree. */
  readonly ref?: string;
  /** How `ref` was chosen, for headers (`merge base with origin/main`). @default - none: given */
  readonly refLabel?: string;
  /** The `.env` text it runs with; empty for none. */
  readonly dotenv: string;
  /** Where that text came from, for headers. */
  readonly dotenvSource: string;
}

/** A git command's output; a `CommandError` with git's own message when it fails (a bad ref, no repository). */
export function git(cwd: string, ...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new CommandError(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/** The branches a comparison is against by default, in order: a CI checkout often has only the remote one. */
export const DEFAULT_BASE_BRANCHES = ["main", "origin/main"] as const;

/**
 * What a comparison is against by default: the merge base with `main`, else with `origin/main`,
 * and which one it was. Never HEAD: a diff against HEAD reports "0 changed" for any branch.
 */
export function defaultBase(root: string): { readonly ref: string; readonly refLabel: string } {
  for (const branch of DEFAULT_BASE_BRANCHES) {
    try {
      git(root, "rev-parse", "--verify", "--quiet", `${branch}^{commit}`);
    } catch {
      continue;
    }
    return { ref: git(root, "merge-base", "HEAD", branch), refLabel: `merge base with ${branch}` };
  }
  throw new CommandError(`no ${DEFAULT_BASE_BRANCHES.join(" or ")} to compare with (a shallow or single-branch checkout?): name the base, e.g. npm run diff -- --base origin/main, or git fetch origin main`, 2);
}

/**
 * The stack documents the app synthesizes from `dir`'s code with `dotenv` as its `.env`, run
 * the way `cdktf synth` runs it (the code's own cdktf.json `app`); none when that code has no
 * app yet. The working tree is run from a mirror of symlinks, so its own `.env` is never touched.
 */
function synthesize(codeDir: string, dotenv: string, mirror: boolean): Record<string, unknown> {
  const config = join(codeDir, "cdktf.json");
  if (!existsSync(config)) return {};
  const runDir = mirror ? mirrorOf(codeDir) : codeDir;
  const outdir = mkdtempSync(join(tmpdir(), "tracing-diff-out-"));
  try {
    rmSync(join(runDir, ".env"), { force: true });
    if (dotenv !== "") writeFileSync(join(runDir, ".env"), dotenv);
    const run = spawnSync(JSON.parse(readFileSync(config, "utf8")).app, {
      cwd: runDir,
      shell: true,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    if (run.status !== 0) throw new CommandError(`synth of ${mirror ? "the working tree" : codeDir} failed:\n${run.stderr || run.stdout}`);
    const stacksDir = join(outdir, "stacks");
    return Object.fromEntries(
      readdirSync(stacksDir).map((stack) => [stack, JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"))]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    if (mirror) rmSync(runDir, { recursive: true, force: true });
  }
}

/** A folder whose entries link to `dir`'s, but for what a synth writes or reads per run. */
function mirrorOf(dir: string): string {
  const mirror = mkdtempSync(join(tmpdir(), "tracing-diff-tree-"));
  for (const entry of readdirSync(dir)) {
    if ([".env", ".build", "cdktf.out", ".git"].includes(entry)) continue;
    symlinkSync(join(dir, entry), join(mirror, entry));
  }
  mkdirSync(join(mirror, ".build"));
  return mirror;
}

/** The stack documents of `side`, synthesized from `root`'s repository. */
export function synthesizeSide(root: string, side: Side): Record<string, unknown> {
  if (side.ref === undefined) return synthesize(root, side.dotenv, true);
  const worktree = mkdtempSync(join(tmpdir(), "tracing-diff-base-"));
  rmSync(worktree, { recursive: true, force: true });
  git(root, "worktree", "add", "--detach", worktree, side.ref);
  try {
    // Same dependencies on both sides: the base runs with the working tree's node_modules.
    symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
    return synthesize(worktree, side.dotenv, false);
  } finally {
    git(root, "worktree", "remove", "--force", worktree);
  }
}
