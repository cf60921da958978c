/**
 * How the environment names settings: `<VARIABLE>` for both stacks, `LOCAL_<VARIABLE>` or
 * `PROD_<VARIABLE>` for one. Which `.env` keys are wrong is `parsers/dotenv-file.ts`'s.
 */
import type { StackName } from "./model";

/** Raw environment as read from `.env` and the process: variable name to value. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** `LOCAL_TRACE_SAMPLING_RATE` applies to the local stack only and wins over `TRACE_SAMPLING_RATE`. */
export function scopedVariable(stack: StackName, variable: string): string {
  return `${stack.toUpperCase()}_${variable}`;
}
