import { Testing } from "cdktf";
import { LocalStack } from "../../stacks/local-stack";
import { ProdStack } from "../../stacks/prod-stack";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables, type SettingFiles } from "../../tracing/settings";

/** Synthesized JSON text of a stack, with cdktf's validations run. */
export function synthLocal(env: EnvironmentVariables = {}): string {
  return Testing.synth(new LocalStack(Testing.app(), "local", { settings: resolveSettings("local", env) }), true);
}

export function synthProd(env: EnvironmentVariables = {}, files: SettingFiles = {}): string {
  return Testing.synth(new ProdStack(Testing.app(), "prod", { settings: resolveSettings("prod", env, files) }), true);
}

/** Resources of one type, keyed by their logical id. */
export function resourcesOf(synthesized: string, type: string): Record<string, any> {
  return JSON.parse(synthesized).resource?.[type] ?? {};
}

/** The one resource of `type` whose `name` attribute is `name`. */
export function resourceNamed(synthesized: string, type: string, name: string): any {
  const matches = Object.values(resourcesOf(synthesized, type)).filter((r) => r.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
  return matches[0];
}
