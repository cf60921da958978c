/**
 * `npm run diff -- [--base <git ref>] [--env <file>] [--base-env <file>] [--markdown]`:
 * synthesizes both stacks twice, offline, and prints what changes: first the settings each
 * side used (secrets masked) and the network flows the change opens or closes, then every
 * changed resource. Exit code: 0 nothing changed, 1 something changed, 2 the diff failed.
 *
 * - A code change: `--base <ref>` (default: the merge base with `main`), both sides with the
 *   working tree's `.env`, or with `--env <file>`.
 * - A settings change: `--base-env <file>` (and `--env <file>`), on the working tree's code
 *   unless `--base` names other code too.
 * The process environment applies to both sides (it wins over the files), and is listed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CommandError, KNOWN_VARIABLES, resolveEnvironment } from "../environment";
import { inspectDotenv } from "../tracing/parsers/dotenv-file";
import { resolveAllSettings, SETTINGS, type EnvironmentVariables } from "../tracing/settings";
import { parseOptions } from "./options";
import { prodClusterModel, type ProdClusterModel } from "./prod-cluster-model";
import { flowChanges, renderFlowChanges } from "./reachability";
import { findSecrets } from "./secret-patterns";
import { MASK } from "./structural-diff";
import { diffStack, renderStackDiffs, type AddressChange } from "./synth-diff";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

function defaultBase(root: string): string {
  try {
    return git(root, "merge-base", "HEAD", "main");
  } catch {
    return "HEAD";
  }
}

/** One side of the diff: which code, and the settings file it is synthesized with. */
export interface Side {
  /** A git ref, or undefined for the working tree. */
  readonly ref?: string;
  /** The `.env` text it runs with; empty for none. */
  readonly dotenv: string;
  /** Where that text came from, for the header. */
  readonly dotenvSource: string;
}

const SETTING_VARIABLES = new Set(SETTINGS.map((s) => s.variable));
const isSettingVariable = (name: string) => SETTING_VARIABLES.has(name.replace(/^(LOCAL|PROD)_/, ""));
const SECRET_NAME = /(password|passwd|secret|token|key)/i;

/** `VAR=value` for display: a value that looks secret, or under a secret-sounding name, is masked. */
function shown(name: string, value: string): string {
  return `${name}=${SECRET_NAME.test(name) || findSecrets(`${name}=${value}`).length > 0 ? MASK : value}`;
}

/** The settings variables of a `.env` text, as the app reads them (known variables only). */
function dotenvVariables(text: string): EnvironmentVariables {
  return text === "" ? {} : inspectDotenv(text, KNOWN_VARIABLES).values;
}

/** The variables of the process environment that are settings: they apply to both sides. */
function processSettings(processEnv: EnvironmentVariables): EnvironmentVariables {
  return Object.fromEntries(Object.entries(processEnv).filter(([name, value]) => value !== undefined && isSettingVariable(name)));
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

/** The prod stack's reachability model, when its settings resolve with this code's schema. */
function prodModel(doc: unknown, variables: EnvironmentVariables): ProdClusterModel | undefined {
  if (!doc) return undefined;
  try {
    return prodClusterModel(doc, resolveAllSettings(variables).prod);
  } catch {
    return undefined;
  }
}

/** The header: each side's code and settings, what differs, and the process environment's part. */
function describeSides(base: Side, after: Side, processEnv: EnvironmentVariables, format: "text" | "markdown"): string[] {
  const code = (side: Side) => (side.ref === undefined ? "the working tree" : side.ref.slice(0, 12));
  const list = (text: string) => {
    const entries = Object.entries(dotenvVariables(text));
    return entries.length === 0 ? "(none: the defaults)" : entries.map(([k, v]) => shown(k, v as string)).join(" ");
  };
  const b = dotenvVariables(base.dotenv);
  const a = dotenvVariables(after.dotenv);
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => b[k] !== a[k])
    .sort()
    .map((k) => `${k}: ${b[k] === undefined ? "(unset)" : shown(k, b[k] as string).split("=").slice(1).join("=")} -> ${a[k] === undefined ? "(unset)" : shown(k, a[k] as string).split("=").slice(1).join("=")}`);
  const both = Object.entries(processSettings(processEnv));
  const item = format === "markdown" ? "- " : "  ";
  return [
    `${item}base:  ${code(base)}, settings from ${base.dotenvSource}: ${list(base.dotenv)}`,
    `${item}after: ${code(after)}, settings from ${after.dotenvSource}: ${list(after.dotenv)}`,
    ...(changed.length > 0 ? [`${item}settings changed: ${changed.join("; ")}`] : []),
    ...(both.length > 0 ? [`${item}both sides, from the process environment: ${both.map(([k, v]) => shown(k, v as string)).join(" ")}`] : []),
    "",
  ];
}

export function runDiff(root: string, base: Side, after: Side, processEnv: EnvironmentVariables, format: "text" | "markdown"): { output: string; changed: boolean } {
  let worktree: string | undefined;
  if (base.ref !== undefined) {
    worktree = mkdtempSync(join(tmpdir(), "tracing-diff-base-"));
    rmSync(worktree, { recursive: true, force: true });
    git(root, "worktree", "add", "--detach", worktree, base.ref);
  }
  try {
    if (worktree) symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
    const before = worktree ? synthesize(worktree, base.dotenv, false) : synthesize(root, base.dotenv, true);
    const now = synthesize(root, after.dotenv, true);
    const stacks = [...new Set([...Object.keys(before), ...Object.keys(now)])];
    const diffs: Record<string, AddressChange[]> = Object.fromEntries(stacks.map((s) => [s, diffStack(before[s], now[s])]));
    const variables = (side: Side) => ({ ...dotenvVariables(side.dotenv), ...processSettings(processEnv) });
    const flows = flowChanges(prodModel(before.prod, variables(base)), prodModel(now.prod, variables(after)));
    const title = format === "markdown" ? "## Synth diff\n\n" : "Synth diff\n";
    const output = [title + describeSides(base, after, processEnv, format).join("\n"), renderFlowChanges(flows, format).join("\n"), renderStackDiffs(diffs, format)].join("\n");
    return { output, changed: Object.values(diffs).some((d) => d.length > 0) };
  } finally {
    if (worktree) git(root, "worktree", "remove", "--force", worktree);
  }
}

/**
 * A settings file's text. Every problem of the file and of the settings it gives (under the
 * process environment) ends the diff here with one message, before anything is synthesized.
 */
function readDotenv(file: string, flag: string): string {
  if (!existsSync(resolve(file))) throw new CommandError(`${flag} ${file}: no such file`);
  const text = readFileSync(resolve(file), "utf8");
  const { values, problems } = inspectDotenv(text, KNOWN_VARIABLES);
  resolveEnvironment({ file, variables: { ...values, ...process.env }, problems });
  return text;
}

if (require.main === module) {
  try {
    const usage = "npm run diff -- [--base <git ref>] [--env <file>] [--base-env <file>] [--markdown]";
    const options = parseOptions(process.argv.slice(2), { usage, flags: ["--markdown"], values: ["--base", "--env", "--base-env"] });
    const root = git(process.cwd(), "rev-parse", "--show-toplevel");
    const workingEnv = join(root, ".env");
    const envFile = options.values["--env"];
    const after: Side = envFile
      ? { dotenv: readDotenv(envFile, "--env"), dotenvSource: envFile }
      : existsSync(workingEnv)
        ? { dotenv: readDotenv(workingEnv, ".env"), dotenvSource: ".env" }
        : { dotenv: "", dotenvSource: "no .env" };
    if (after.dotenv === "") resolveEnvironment({ file: workingEnv, variables: process.env, problems: [] });
    const baseEnv = options.values["--base-env"];
    // A settings comparison runs on the working tree's code unless --base names other code.
    const ref = options.values["--base"] ?? (baseEnv ? undefined : defaultBase(root));
    const base: Side = baseEnv ? { ref, dotenv: readDotenv(baseEnv, "--base-env"), dotenvSource: baseEnv } : { ...after, ref };
    const { output, changed } = runDiff(root, base, after, process.env, options.flags.has("--markdown") ? "markdown" : "text");
    process.stdout.write(output);
    process.exit(changed ? 1 : 0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
