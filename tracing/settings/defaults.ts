/**
 * The defaults of the schema: one value for both stacks, one per stack, or one computed from
 * the other resolved settings (an endpoint that follows the namespace).
 */
import type { StackName, TracingSettings } from "./model";
import type { SettingSpec } from "./schema";

/** A fresh copy, so no two stacks (or callers) share a default list or object. */
const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

export function plainDefault(spec: SettingSpec, stack: StackName): unknown {
  const d = spec.default as unknown;
  return copy(d !== null && typeof d === "object" && "perStack" in d ? (d as { perStack: Record<StackName, unknown> }).perStack[stack] : d);
}

/** The function computing a setting's default from the others, when it has one. */
export function computedDefault(spec: SettingSpec): ((settings: TracingSettings) => unknown) | undefined {
  return typeof spec.default === "function" ? (spec.default as (settings: TracingSettings) => unknown) : undefined;
}
