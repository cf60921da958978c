/**
 * The command-line options of the npm scripts in tools/. Every option must be known and every
 * value given: `--markdwon` or `--runs` without a number ends the command with the usage and
 * exit code 2, instead of being ignored and running with a default the user did not ask for.
 * `--help` (or `-h`) prints the usage and exits 0.
 */
import { resolve } from "node:path";
import { HelpRequested, UsageError } from "../environment";

export interface OptionSpec {
  /** How to call the command, shown with every error: `npm run diff -- [--base <git ref>]`. */
  readonly usage: string;
  /** Options that stand alone, e.g. `--markdown`. @default - none */
  readonly flags?: readonly string[];
  /** Options followed by a value, e.g. `--base`. @default - none */
  readonly values?: readonly string[];
  /** Most arguments that are no option. @default 0 */
  readonly positionals?: number;
}

export interface Options {
  readonly flags: ReadonlySet<string>;
  readonly values: Readonly<Record<string, string>>;
  readonly positionals: readonly string[];
}

/** `args` read by `spec`; a `UsageError` naming the bad argument and the usage otherwise, `HelpRequested` for `--help`. */
export function parseOptions(args: readonly string[], spec: OptionSpec): Options {
  if (args.some((arg) => arg === "--help" || arg === "-h")) throw new HelpRequested(`usage: ${spec.usage}`);
  const refuse = (why: string): never => {
    throw new UsageError(`${why}\nusage: ${spec.usage}`);
  };
  const flags = new Set<string>();
  const values: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (spec.flags?.includes(arg)) {
      if (flags.has(arg)) refuse(`${arg} is given twice`);
      flags.add(arg);
    } else if (spec.values?.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) refuse(`${arg} needs a value`);
      if (arg in values) refuse(`${arg} is given twice`);
      values[arg] = value;
      i += 1;
    } else if (arg.startsWith("-")) {
      refuse(`unknown option ${JSON.stringify(arg)}`);
    } else if (positionals.length >= (spec.positionals ?? 0)) {
      refuse(`unexpected argument ${JSON.stringify(arg)}`);
    } else {
      positionals.push(arg);
    }
  }
  return { flags, values, positionals };
}

/**
 * A file named on the command line, as an absolute path. npm runs a script from the package
 * root, but sets `INIT_CWD` to the directory the user typed `npm run` in: a relative path is
 * taken from there, as the user meant it. Run directly (no npm), from the working directory.
 */
export function userPath(file: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return resolve(env.INIT_CWD || cwd, file);
}
