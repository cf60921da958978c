import type { App } from "cdktf";
import { resolveSettings, type EnvironmentVariables } from "../tracing/settings";
import { LocalStack } from "./local-stack";
import { ProdStack } from "./prod-stack";

/**
 * Adds both stacks to `app`, each from settings resolved from `env`. Settings of both are
 * validated before any stack is built, so bad input fails before anything is written.
 */
export function addTracingStacks(app: App, env: EnvironmentVariables): { local: LocalStack; prod: ProdStack } {
  const localSettings = resolveSettings("local", env);
  const prodSettings = resolveSettings("prod", env);
  return {
    local: new LocalStack(app, "local", { settings: localSettings }),
    prod: new ProdStack(app, "prod", { settings: prodSettings }),
  };
}
