/**
 * What a command is given, read in one place: the environment (`.env` in the working directory,
 * then the process environment, which wins) and how bad input ends a command. Part of the
 * composition root with main.ts, which is the only product file that uses it; the tools in
 * tools/ use it too, so `npm run netpol:matrix` sees the settings `cdktf synth` sees and
 * refuses the same `.env`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  describeDotenvProblems,
  describeEnvironmentProblems,
  inspectDotenv,
  inspectEnvironmentNames,
  type DotenvProblem,
  type EnvironmentProblem,
  type KnownVariables,
} from "./tracing/parsers/dotenv-file";
import { resolveAllSettings } from "./tracing/checked-settings";
import { SETTINGS, STACK_PREFIXES, type EnvironmentVariables, type SettingFiles, type StackName, type TracingSettings } from "./tracing/settings";
import { SettingsError } from "./tracing/settings/problems";

/** The variables this package reads, and the `LOCAL_`/`PROD_` prefixes, as `.env` checks need them. */
export const KNOWN_VARIABLES: KnownVariables = {
  variables: SETTINGS.map((s) => s.variable),
  stackPrefixes: STACK_PREFIXES,
};

export interface Environment {
  /** The `.env` file read, whether or not it exists. */
  readonly file: string;
  /** `.env` values overridden by the process environment. */
  readonly variables: EnvironmentVariables;
  /** What is wrong with the `.env` file; empty when it reads as written or does not exist. */
  readonly problems: readonly DotenvProblem[];
  /**
   * Names of the process environment meant for this package that it would ignore (a typo, the
   * wrong case: `inspectEnvironmentNames`).
   * @default - none
   */
  readonly environmentProblems?: readonly EnvironmentProblem[];
  /** The files file-valued settings name (a CA bundle), by the path as written; unreadable ones are absent. */
  readonly files: SettingFiles;
}

/** No setting names a file bigger than this (a CA bundle is a few KiB). */
const MAX_SETTING_FILE_BYTES = 1024 * 1024;

/** Reads every file a file-valued setting names, relative to `cwd` (the project root), as settings validation will judge it. */
export function readSettingFiles(cwd: string, variables: EnvironmentVariables): SettingFiles {
  const files: Record<string, string> = {};
  const names = SETTINGS.filter((spec) => spec.file).flatMap((spec) => [spec.variable, ...STACK_PREFIXES.map((prefix) => `${prefix}${spec.variable}`)]);
  for (const path of names.map((name) => variables[name])) {
    if (!path || path in files) continue;
    try {
      const file = resolve(cwd, path);
      if (statSync(file).isFile() && statSync(file).size <= MAX_SETTING_FILE_BYTES) files[path] = readFileSync(file, "utf8");
    } catch {
      // Absent from the map: validation says the file is not readable, naming the variable.
    }
  }
  return files;
}

/** Reads `cwd`'s `.env` (if any) under `processEnv`, and what is wrong with the file and the environment's names. */
export function readEnvironment(cwd: string, processEnv: EnvironmentVariables): Environment {
  const file = join(cwd, ".env");
  const { values, problems } = existsSync(file) ? inspectDotenv(readFileSync(file, "utf8"), KNOWN_VARIABLES) : { values: {}, problems: [] };
  const variables = { ...values, ...processEnv };
  const environmentProblems = inspectEnvironmentNames(Object.keys(processEnv), KNOWN_VARIABLES);
  return { file, variables, problems, files: readSettingFiles(cwd, variables), environmentProblems };
}

/**
 * Why a command cannot go on, when the message says all the user needs (bad settings, a bad
 * flag, a missing file, a step that failed with its own output): printed without a stack trace.
 */
export class CommandError extends Error {
  /**
   * @param exitCode the command's exit code; @default - the command's failure code
   */
  constructor(
    message: string,
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = "CommandError";
  }
}

/** A command line the command cannot read (an unknown flag, a missing argument): exit code 2. */
export class UsageError extends CommandError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** `--help`: the usage, on stdout, and exit code 0. */
export class HelpRequested extends CommandError {
  constructor(usage: string) {
    super(usage, 0);
    this.name = "HelpRequested";
  }
}

/**
 * The settings of every stack. Throws one `CommandError` that lists every `.env` problem, every
 * misspelt name of ours in the process environment and every bad setting of both stacks, so one
 * run shows all there is to fix.
 */
export function resolveEnvironment(environment: Environment): Readonly<Record<StackName, TracingSettings>> {
  const messages = [
    ...(environment.problems.length > 0 ? [describeDotenvProblems(environment.file, environment.problems)] : []),
    ...(environment.environmentProblems?.length ? [describeEnvironmentProblems(environment.environmentProblems)] : []),
  ];
  try {
    const settings = resolveAllSettings(environment.variables, environment.files);
    if (messages.length === 0) return settings;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    messages.push(error.message);
  }
  throw new CommandError(messages.join("\n"));
}

/**
 * Runs a command's `body` and sets the exit code it returns. Bad input (a `CommandError`, or a
 * `SettingsError` from the stacks) ends the command with its message on stderr and its own
 * exit code (2 for a usage error), else `failureExitCode`; `--help` prints the usage on stdout
 * and exits 0; anything else is a bug and keeps its stack trace.
 */
export function runCommand(body: () => number | void, failureExitCode = 1): void {
  try {
    process.exitCode = body() ?? 0;
  } catch (error) {
    if (!(error instanceof CommandError || error instanceof SettingsError)) throw error;
    const exitCode = error instanceof CommandError ? (error.exitCode ?? failureExitCode) : failureExitCode;
    if (exitCode === 0) console.log(error.message);
    else console.error(error.message);
    process.exitCode = exitCode;
  }
}
