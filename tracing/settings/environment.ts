/**
 * How the environment names settings: `<VARIABLE>` for both stacks, `LOCAL_<VARIABLE>` or
 * `PROD_<VARIABLE>` for one, and which `.env` keys look meant for this package.
 */
import type { SettingsProblem } from "../validation";
import { STACK_NAMES, type StackName } from "./model";
import { SETTINGS } from "./schema";

/** Raw environment as read from `.env` and the process: variable name to value. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** `LOCAL_TRACE_SAMPLING_RATE` applies to the local stack only and wins over `TRACE_SAMPLING_RATE`. */
export function scopedVariable(stack: StackName, variable: string): string {
  return `${stack.toUpperCase()}_${variable}`;
}

/** Prefixes of the variables this package reads; an unknown variable with one is a typo. */
const OWN_PREFIXES = /^(LOCAL_|PROD_)?(OTLP_|TRACE_|TRACING_|JAEGER_|ELASTICSEARCH_|ES_|SDK_|ENVIRONMENT)/;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Variables of a `.env` file this package would silently ignore although they look meant
 * for it: a typo such as `TRACE_SAMPLNG_RATE` must fail, not leave the default in force.
 */
export function unknownDotenvVariables(keys: readonly string[]): SettingsProblem[] {
  const known = SETTINGS.flatMap((s) => [s.variable, ...STACK_NAMES.map((stack) => scopedVariable(stack, s.variable))]);
  return keys
    .filter((key) => !known.includes(key))
    .map((key) => ({ key, closest: [...known].sort((a, b) => editDistance(key, a) - editDistance(key, b))[0] }))
    .filter(({ key, closest }) => OWN_PREFIXES.test(key) || editDistance(key, closest) <= 2)
    .map(({ key, closest }) => ({ field: ".env", value: key, allowed: `a variable this package reads (did you mean ${closest}?)` }));
}
