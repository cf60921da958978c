import type { App } from "cdktf";
import type { StackName, TracingSettings } from "../tracing/settings";
import { LocalStack } from "./local-stack";
import { ProdStack } from "./prod-stack";

/**
 * Adds both stacks to `app`, each from its validated settings (`resolveAllSettings` makes
 * them, so bad input fails before any stack exists).
 */
export function addTracingStacks(app: App, settings: Readonly<Record<StackName, TracingSettings>>): { local: LocalStack; prod: ProdStack } {
  return {
    local: new LocalStack(app, "local", { settings: settings.local }),
    prod: new ProdStack(app, "prod", { settings: settings.prod }),
  };
}
