/**
 * Composition root: reads the environment once (`.env` in the working directory, then the
 * process environment, which wins; see environment.ts), builds both stacks from it and
 * synthesizes. Nothing else reads the environment. `cdktf synth` runs it bundled by esbuild
 * (see cdktf.json): no type checking there, `npm test` does that.
 */
import { App } from "cdktf";
import { readEnvironment, resolveEnvironment, runCommand } from "./environment";
import { addTracingStacks } from "./stacks/app";

runCommand(() => {
  // Every .env problem and every bad setting of both stacks, in one message, before any stack
  // is built: nothing is written for input that would not synthesize.
  const settings = resolveEnvironment(readEnvironment(process.cwd(), process.env));
  const app = new App();
  addTracingStacks(app, settings);
  app.synth();
});
