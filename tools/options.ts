/**
 * The command-line options of the npm scripts in tools/. Every option must be known and every
 * value given: `--markdwon` or `--runs` without a number ends the command with the usage,
 * instead of being ignored and running with a default the user did not ask for.
 */
import { CommandError } from "../environment";

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

/** `args` read by `spec`; a `CommandError` naming the bad argument and the usage otherwise. */
export function parseOptions(args: readonly string[], spec: OptionSpec): Options {
  const refuse = (why: string): never => {
    throw new CommandError(`${why}\nusage: ${spec.usage}`);
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
