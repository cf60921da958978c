/**
 * What is wrong with settings, and the error that lists it: the schema's parsers, the
 * cross-field checks above the models (tracing/checked-settings/validation.ts) and the .env reader report
 * problems in this one shape, so every message names the variable, the value and what is allowed.
 */
import { printable } from "../parsers/text";

export interface SettingsProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  /** The environment variable to change (the prefixed one when that was used). */
  readonly variable?: string;
  /** Whether the value came from `variable`; otherwise it is the default. */
  readonly fromEnvironment?: boolean;
  /** Other settings a combined rule reads: changing them fixes it too. */
  readonly alsoFields?: readonly string[];
  /** Their variables, as `resolveSettings` names them. */
  readonly alsoVariables?: readonly string[];
  /**
   * The stack-prefixed variable that would keep a shared value to the other stack, which
   * accepts it (`PROD_ES_INDEX_REPLICAS` when local refuses `ES_INDEX_REPLICAS`).
   */
  readonly otherStackVariable?: string;
}

/** A value as an error message shows it: JSON, cut to 80 characters, nothing that would not print. */
function shown(value: unknown): string {
  const text = printable(JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * One problem as a line, the variable to change first: `ES_HEAP_MIB (elasticsearch.heapMiB)
 * must be …, got "lots"`, or `ES_DISK_GIB (elasticsearch.diskGiB, default; or change …)` when
 * the value is the default.
 */
function problemLine(p: SettingsProblem): string {
  const also = p.alsoVariables?.length ? `; or change ${p.alsoVariables.join(", ")}` : "";
  const elsewhere = p.otherStackVariable ? `; or set ${p.otherStackVariable} instead, if the value is meant for that stack alone` : "";
  const what = `${p.field}${p.variable && !p.fromEnvironment ? ", default" : ""}${also}${elsewhere}`;
  return `  - ${p.variable ? `${p.variable} (${what})` : what} must be ${p.allowed}, got ${shown(p.value)}`;
}

export class SettingsError extends Error {
  /** `scope` names where the problems are, e.g. `stack "local"` or `.env`. */
  constructor(
    readonly scope: string,
    readonly problems: readonly SettingsProblem[],
  ) {
    super(`invalid tracing settings for ${scope}:\n` + problems.map(problemLine).join("\n"));
    this.name = "SettingsError";
  }

  /**
   * One error for several scopes (both stacks). A problem every scope has (a shared variable
   * both stacks refuse alike) is listed once, under all of them; the rest under each its own.
   */
  static combined(errors: readonly SettingsError[]): SettingsError {
    if (errors.length === 1) return errors[0];
    const lines = errors.map((e) => e.problems.map(problemLine));
    const shared = lines[0].filter((line, i) => lines[0].indexOf(line) === i && lines.every((own) => own.includes(line)));
    const error = new SettingsError(errors.map((e) => e.scope).join(" and "), errors.flatMap((e) => e.problems));
    const sections = [
      ...(shared.length > 0 ? [[`invalid tracing settings for ${error.scope}:`, ...shared]] : []),
      ...errors.map((e, i) => [`invalid tracing settings for ${e.scope}:`, ...lines[i].filter((line) => !shared.includes(line))]).filter((section) => section.length > 1),
    ];
    error.message = sections.map((section) => section.join("\n")).join("\n");
    return error;
  }
}
