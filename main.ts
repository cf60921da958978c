/**
 * Composition root: reads the environment once (`.env` in the working directory, then the
 * process environment, which wins), builds both stacks from it and synthesizes. Nothing else
 * reads the environment. `cdktf synth` runs it bundled by esbuild (see cdktf.json): no type
 * checking there, `npm test` does that.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { parse } from "dotenv";
import { addTracingStacks } from "./stacks/app";
import { SettingsError } from "./tracing/validation";

const dotenvFile = join(process.cwd(), ".env");
const dotenv = existsSync(dotenvFile) ? parse(readFileSync(dotenvFile)) : {};
const env = { ...dotenv, ...process.env };

try {
  const app = new App();
  addTracingStacks(app, env, { dotenvKeys: Object.keys(dotenv) });
  app.synth();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
