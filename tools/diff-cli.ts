/**
 * `npm run diff -- [--base <git ref>] [--markdown]`: synthesizes both stacks at the base
 * (in a temporary git worktree) and in the working tree, offline, and prints what changed
 * per stack. Exit code: 0 nothing changed, 1 something changed, 2 the diff failed.
 * Both sides see the same environment (and the working tree's `.env`), so only code changes
 * show. The base defaults to the merge base with `main`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEnvironment, resolveEnvironment } from "../environment";
import { parseOptions, type Options } from "./options";
import { diffStack, renderStackDiffs, type AddressChange } from "./synth-diff";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

function defaultBase(root: string): string {
  try {
    return git(root, "merge-base", "HEAD", "main");
  } catch {
    return "HEAD";
  }
}

/**
 * The stack documents the app in `dir` synthesizes, run the way `cdktf synth` runs it there
 * (its own cdktf.json `app`); none when `dir` has no app yet.
 */
function synthesize(dir: string): Record<string, unknown> {
  const config = join(dir, "cdktf.json");
  if (!existsSync(config)) return {};
  const outdir = mkdtempSync(join(tmpdir(), "tracing-diff-out-"));
  try {
    const run = spawnSync(JSON.parse(readFileSync(config, "utf8")).app, {
      cwd: dir,
      shell: true,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`synth in ${dir} failed:\n${run.stderr || run.stdout}`);
    const stacksDir = join(outdir, "stacks");
    return Object.fromEntries(
      readdirSync(stacksDir).map((stack) => [stack, JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"))]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function runDiff(root: string, options: Options): { output: string; changed: boolean } {
  const base = options.values["--base"] ?? defaultBase(root);
  const worktree = mkdtempSync(join(tmpdir(), "tracing-diff-base-"));
  rmSync(worktree, { recursive: true, force: true });
  git(root, "worktree", "add", "--detach", worktree, base);
  try {
    // Same dependencies on both sides: the base runs with the working tree's node_modules.
    symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
    if (existsSync(join(root, ".env"))) copyFileSync(join(root, ".env"), join(worktree, ".env"));
    const before = synthesize(worktree);
    const after = synthesize(root);
    const stacks = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const diffs: Record<string, AddressChange[]> = Object.fromEntries(stacks.map((s) => [s, diffStack(before[s], after[s])]));
    const format = options.flags.has("--markdown") ? "markdown" : "text";
    const header = format === "markdown" ? `## Synth diff against \`${base.slice(0, 12)}\`\n\n` : `Synth diff against ${base.slice(0, 12)}\n`;
    return { output: header + renderStackDiffs(diffs, format), changed: Object.values(diffs).some((d) => d.length > 0) };
  } finally {
    git(root, "worktree", "remove", "--force", worktree);
  }
}

if (require.main === module) {
  try {
    const options = parseOptions(process.argv.slice(2), { usage: "npm run diff -- [--base <git ref>] [--markdown]", flags: ["--markdown"], values: ["--base"] });
    const root = git(process.cwd(), "rev-parse", "--show-toplevel");
    // Both sides synthesize with the working tree's .env: a bad one ends the diff here, with
    // its message, rather than after a worktree and a failed synth.
    resolveEnvironment(readEnvironment(root, process.env));
    const { output, changed } = runDiff(root, options);
    process.stdout.write(output);
    process.exit(changed ? 1 : 0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
