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
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CommandError, KNOWN_VARIABLES, readSettingFiles, resolveEnvironment } from "../environment";
import { inspectDotenv, inspectEnvironmentNames } from "../tracing/parsers/dotenv-file";
import { resolveAllSettings } from "../tracing/checked-settings";
import { SETTINGS, type EnvironmentVariables } from "../tracing/settings";
import { parseOptions, userPath } from "./options";
import { flowChanges, renderFlowChanges, type ModelSide } from "./reachability";
import { findSecrets } from "./secret-patterns";
import { MASK } from "./structural-diff";
import { stackDataRisks } from "./data-risk";
import { diffStack, renderStackDiffs, type AddressChange } from "./synth-diff";
import { defaultBase, git, synthesizeSide, type Side } from "./synth-sides";

const SETTING_VARIABLES = new Set(SETTINGS.map((s) => s.variable));
const isSettingVariable = (name: string) => SETTING_VARIABLES.has(name.replace(/^(LOCAL|PROD)_/, ""));
/**
 * A setting's value for display. No setting holds a secret by design (the schema has none),
 * but a value may carry one by accident: a value that looks like a secret is masked, and so is
 * any URL's query string, where tokens and signatures travel.
 */
function shownValue(value: string): string {
  if (findSecrets(value).length > 0) return MASK;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^?#\s]*)\?[^\s]*/i, `$1?${MASK}`);
}

/** The settings variables of a `.env` text, as the app reads them (known variables only). */
function dotenvVariables(text: string): EnvironmentVariables {
  return text === "" ? {} : inspectDotenv(text, KNOWN_VARIABLES).values;
}

/** The variables of the process environment that are settings: they apply to both sides. */
function processSettings(processEnv: EnvironmentVariables): EnvironmentVariables {
  return Object.fromEntries(Object.entries(processEnv).filter(([name, value]) => value !== undefined && isSettingVariable(name)));
}

/** A side's prod stack for the flow comparison, when its settings resolve with this code's schema. */
function prodSide(doc: unknown, variables: EnvironmentVariables): ModelSide | undefined {
  if (!doc) return undefined;
  try {
    return { doc, settings: resolveAllSettings(variables).prod };
  } catch {
    return undefined;
  }
}

/** The header: each side's code and settings, what differs, and the process environment's part. */
export function describeSides(base: Side, after: Side, processEnv: EnvironmentVariables, format: "text" | "markdown"): string[] {
  const code = (side: Side) => (side.ref === undefined ? "the working tree" : `${side.ref.slice(0, 12)}${side.refLabel ? ` (${side.refLabel})` : ""}`);
  const list = (text: string) => {
    const entries = Object.entries(dotenvVariables(text));
    return entries.length === 0 ? "(none: the defaults)" : entries.map(([k, v]) => `${k}=${shownValue(v as string)}`).join(" ");
  };
  const b = dotenvVariables(base.dotenv);
  const a = dotenvVariables(after.dotenv);
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => b[k] !== a[k])
    .sort()
    .map((k) => `${k}: ${b[k] === undefined ? "(unset)" : shownValue(b[k] as string)} -> ${a[k] === undefined ? "(unset)" : shownValue(a[k] as string)}`);
  const both = Object.entries(processSettings(processEnv));
  const item = format === "markdown" ? "- " : "  ";
  return [
    `${item}base:  ${code(base)}, settings from ${base.dotenvSource}: ${list(base.dotenv)}`,
    `${item}after: ${code(after)}, settings from ${after.dotenvSource}: ${list(after.dotenv)}`,
    ...(changed.length > 0 ? [`${item}settings changed: ${changed.join("; ")}`] : []),
    ...(both.length > 0 ? [`${item}both sides, from the process environment: ${both.map(([k, v]) => `${k}=${shownValue(v as string)}`).join(" ")}`] : []),
    "",
  ];
}

/** The changes that lose stored traces, first and loud, as plan:summary shows them. */
export function renderDataRisks(risks: readonly { address: string; risk: string }[], format: "text" | "markdown"): string[] {
  if (risks.length === 0) return [];
  const heading = format === "markdown" ? "**!! DATA AT RISK**" : "!! DATA AT RISK";
  return [heading, ...risks.map((r) => `${format === "markdown" ? "- " : "  "}${r.address}: ${r.risk}`), ""];
}

export function runDiff(root: string, base: Side, after: Side, processEnv: EnvironmentVariables, format: "text" | "markdown"): { output: string; changed: boolean } {
  const before = synthesizeSide(root, base);
  const now = synthesizeSide(root, after);
  const stacks = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  const diffs: Record<string, AddressChange[]> = Object.fromEntries(stacks.map((s) => [s, diffStack(before[s], now[s])]));
  const variables = (side: Side) => ({ ...dotenvVariables(side.dotenv), ...processSettings(processEnv) });
  const flows = flowChanges(prodSide(before.prod, variables(base)), prodSide(now.prod, variables(after)));
  const title = format === "markdown" ? "## Synth diff\n\n" : "Synth diff\n";
  const risks = renderDataRisks(stacks.flatMap((stack) => stackDataRisks(before[stack], now[stack]).map((r) => ({ ...r, address: `${stack}: ${r.address}` }))), format);
  const output = [title + describeSides(base, after, processEnv, format).join("\n"), ...risks, renderFlowChanges(flows, format).join("\n"), renderStackDiffs(diffs, format)].join("\n");
  return { output, changed: Object.values(diffs).some((d) => d.length > 0) };
}

/**
 * A settings file's text. Every problem of the file and of the settings it gives (under the
 * process environment) ends the diff here with one message, before anything is synthesized.
 */
function readDotenv(file: string, flag: string): string {
  // Relative to where the user typed npm run, not the package root npm runs it from.
  const path = userPath(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new CommandError(`${flag} ${file}: no such file (read as ${path})`);
  const text = readFileSync(path, "utf8");
  const { values, problems } = inspectDotenv(text, KNOWN_VARIABLES);
  const variables = { ...values, ...process.env };
  resolveEnvironment({ file, variables, problems, files: readSettingFiles(process.cwd(), variables), environmentProblems: inspectEnvironmentNames(Object.keys(process.env), KNOWN_VARIABLES) });
  return text;
}

const DIFF_OPTIONS = {
  usage: "npm run diff -- [--base <git ref>] [--env <file>] [--base-env <file>] [--markdown]   (default base: the merge base with main, else origin/main; files relative to your working directory)",
  flags: ["--markdown"],
  values: ["--base", "--env", "--base-env"],
} as const;

/** What a command line asks to compare; a `CommandError` for a bad flag or settings file. */
export function parseDiffArguments(args: readonly string[], root: string): { base: Side; after: Side; format: "text" | "markdown" } {
  const options = parseOptions(args, DIFF_OPTIONS);
  const workingEnv = join(root, ".env");
  const envFile = options.values["--env"];
  const after: Side = envFile
    ? { dotenv: readDotenv(envFile, "--env"), dotenvSource: envFile }
    : existsSync(workingEnv)
      ? { dotenv: readDotenv(workingEnv, ".env"), dotenvSource: ".env" }
      : { dotenv: "", dotenvSource: "no .env" };
  if (after.dotenv === "") {
    resolveEnvironment({ file: workingEnv, variables: process.env, problems: [], files: readSettingFiles(root, process.env), environmentProblems: inspectEnvironmentNames(Object.keys(process.env), KNOWN_VARIABLES) });
  }
  const baseEnv = options.values["--base-env"];
  // A settings comparison runs on the working tree's code unless --base names other code.
  const given = options.values["--base"];
  const { ref, refLabel } = given !== undefined || baseEnv ? { ref: given, refLabel: undefined } : defaultBase(root);
  const base: Side = baseEnv ? { ref, refLabel, dotenv: readDotenv(baseEnv, "--base-env"), dotenvSource: baseEnv } : { ...after, ref, refLabel };
  return { base, after, format: options.flags.has("--markdown") ? "markdown" : "text" };
}

if (require.main === module) {
  try {
    // The usage and --help before anything needs a repository.
    parseOptions(process.argv.slice(2), DIFF_OPTIONS);
    const root = git(process.cwd(), "rev-parse", "--show-toplevel");
    const { base, after, format } = parseDiffArguments(process.argv.slice(2), root);
    const { output, changed } = runDiff(root, base, after, process.env, format);
    process.stdout.write(output);
    process.exit(changed ? 1 : 0);
  } catch (error) {
    // --help is no failure: its usage goes to stdout with exit code 0.
    const exitCode = error instanceof CommandError ? (error.exitCode ?? 2) : 2;
    if (exitCode === 0) console.log((error as Error).message);
    else console.error((error as Error).message);
    process.exit(exitCode);
  }
}
