/**
 * The settings the stacks and tools use: read by the schema (tracing/settings), then checked
 * across fields against the sizing models (validation.ts). Every bad value of a stack, or of
 * both, is reported in one `SettingsError` that names the variable to change, the value and
 * what is allowed.
 */
import { readSettings, sourceVariable, type SettingFiles } from "../settings/resolve";
import { scopedVariable, type EnvironmentVariables } from "../settings/environment";
import { STACK_NAMES, type StackName, type TracingSettings } from "../settings/model";
import { SettingsError } from "../settings/problems";
import { SETTINGS } from "../settings/schema";
import { validateSettings } from "./validation";

/**
 * The settings of `stack`. Throws a `SettingsError` that lists every bad value with the
 * variable to change, the value and what is allowed.
 */
export function resolveSettings(stack: StackName, env: EnvironmentVariables = {}, files: SettingFiles = {}): TracingSettings {
  const { settings: resolved, problems: readProblems, unparsed } = readSettings(stack, env, files);
  const problems = [...readProblems];
  // A refused value already has its problem; a rule that reads it would only judge its default.
  problems.push(...validateSettings(resolved).filter((p) => !unparsed.has(p.field) && !(p.alsoFields ?? []).some((f) => unparsed.has(f))));
  if (problems.length > 0) {
    const specOf = (field: string) => SETTINGS.find((spec) => spec.field === field);
    throw new SettingsError(
      `stack "${stack}"`,
      problems.map((p) => {
        const spec = specOf(p.field);
        const source = p.variable ?? (spec && sourceVariable(spec, stack, env));
        const variableOf = (field: string) => {
          const other = specOf(field);
          return other && (sourceVariable(other, stack, env) ?? other.variable);
        };
        const alsoVariables = (p.alsoFields ?? []).map(variableOf).filter((v): v is string => v !== undefined);
        return { ...p, variable: source ?? spec?.variable, fromEnvironment: source !== undefined, alsoVariables };
      }),
    );
  }
  return resolved;
}

/**
 * A shared variable that one stack refuses and the other accepts (replicas meant for three prod
 * nodes reaching the single local one) names the other stack's prefixed form as a fix.
 */
function withOtherStackVariables(stack: StackName, errors: ReadonlyMap<StackName, SettingsError>): SettingsError {
  const error = errors.get(stack) as SettingsError;
  const other = STACK_NAMES.find((name) => name !== stack) as StackName;
  const refusedThere = new Set((errors.get(other)?.problems ?? []).map((p) => p.field));
  const problems = error.problems.map((p) => {
    const spec = SETTINGS.find((candidate) => candidate.field === p.field);
    const shared = spec?.scope === "both" && p.fromEnvironment && p.variable === spec.variable;
    return shared && !refusedThere.has(p.field) ? { ...p, otherStackVariable: scopedVariable(other, p.variable as string) } : p;
  });
  return new SettingsError(error.scope, problems);
}

/**
 * The settings of every stack. Throws one `SettingsError` with the problems of both stacks,
 * each under its own heading, so one run shows all there is to fix.
 */
export function resolveAllSettings(env: EnvironmentVariables, files: SettingFiles = {}): Readonly<Record<StackName, TracingSettings>> {
  const errors = new Map<StackName, SettingsError>();
  const settings: Partial<Record<StackName, TracingSettings>> = {};
  for (const stack of STACK_NAMES) {
    try {
      settings[stack] = resolveSettings(stack, env, files);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      errors.set(stack, error);
    }
  }
  if (errors.size > 0) throw SettingsError.combined([...errors.keys()].map((stack) => withOtherStackVariables(stack, errors)));
  return settings as Record<StackName, TracingSettings>;
}
