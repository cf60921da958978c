/**
 * `npm test` runs with none of the developer's settings: the variables this package reads, and
 * the misspelt ones it would refuse, are taken out of the process environment before any
 * suite starts (test/global-setup.ts; Jest's workers and the tools the suites spawn inherit
 * it). A test that needs a setting passes it itself. npm's `INIT_CWD` goes too: it names where
 * the developer typed `npm test`, not where a spawned tool runs. Other variables stay (PATH,
 * CI, ECK_OPERATOR_CHART_DIR, the Docker and proxy ones).
 */
import { KNOWN_VARIABLES } from "../environment";
import { inspectEnvironmentNames } from "../tracing/parsers/dotenv-file";
import type { EnvironmentVariables } from "../tracing/settings";

/** The names of `env` that would reach the settings, or be refused as a misspelling of one. */
export function developerSettings(env: EnvironmentVariables): string[] {
  const known = new Set([...KNOWN_VARIABLES.variables, ...KNOWN_VARIABLES.stackPrefixes.flatMap((prefix) => KNOWN_VARIABLES.variables.map((v) => prefix + v))]);
  const refused = new Set(inspectEnvironmentNames(Object.keys(env), KNOWN_VARIABLES).map((p) => p.key));
  return Object.keys(env).filter((name) => known.has(name) || refused.has(name) || name === "INIT_CWD");
}

/** Removes `developerSettings` from `env` (the process environment by default). */
export function isolateFromDeveloperSettings(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of developerSettings(env)) delete env[name];
}
