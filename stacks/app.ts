import type { App } from "cdktf";
import { resolveSettings, unknownDotenvVariables, type EnvironmentVariables, type StackName } from "../tracing/settings";
import { SettingsError } from "../tracing/validation";
import { LocalStack } from "./local-stack";
import { ProdStack } from "./prod-stack";

export interface TracingAppOptions {
  /**
   * Variables that came from the `.env` file; unknown ones that look meant for this package
   * (typos) fail the synth.
   * @default - none
   */
  readonly dotenvKeys?: readonly string[];
}

/**
 * Adds both stacks to `app`, each from settings resolved from `env`. Settings of both are
 * validated before any stack is built, so bad input fails before anything is written.
 */
export function addTracingStacks(app: App, env: EnvironmentVariables, options: TracingAppOptions = {}): { local: LocalStack; prod: ProdStack } {
  const typos = unknownDotenvVariables(options.dotenvKeys ?? []);
  if (typos.length > 0) throw new SettingsError(".env", typos);
  // Both stacks' problems in one run, so a fix is not followed by the next surprise.
  const errors: SettingsError[] = [];
  const resolve = (stack: StackName) => {
    try {
      return resolveSettings(stack, env);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      errors.push(error);
      return undefined;
    }
  };
  const localSettings = resolve("local");
  const prodSettings = resolve("prod");
  if (!localSettings || !prodSettings) throw SettingsError.combined(errors);
  return {
    local: new LocalStack(app, "local", { settings: localSettings }),
    prod: new ProdStack(app, "prod", { settings: prodSettings }),
  };
}
