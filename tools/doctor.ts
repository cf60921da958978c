/**
 * `npm run doctor [local|prod]`: a preflight before `cdktf deploy`. Checks this machine (local:
 * Docker, its endpoint and memory, the published ports, Terraform, the registries) or the
 * cluster (kubeconfig and context, namespaces, CRDs, ECK, storage, nodes, state backend) and
 * prints ok / warn / fail per check with the fix. Exit code 0 without a failure, 1 with one,
 * 2 for a bad argument or bad settings.
 */
import { homedir } from "node:os";
import { readEnvironment, resolveEnvironment, runCommand, UsageError } from "../environment";
import { STACK_NAMES, type StackName } from "../tracing/settings";
import { exitCodeOf, formatResults, runChecks } from "./doctor-checks";
import { realProbes } from "./doctor-probes";
import { parseOptions } from "./options";

const USAGE = "npm run doctor [local|prod]   (default local; settings from .env in the working directory and the environment)";

runCommand(() => {
  const { positionals } = parseOptions(process.argv.slice(2), { usage: USAGE, positionals: 1 });
  const stack = positionals[0] ?? "local";
  if (!(STACK_NAMES as readonly string[]).includes(stack)) throw new UsageError(`unknown stack ${JSON.stringify(stack)}: local or prod\nusage: ${USAGE}`);
  const settings = resolveEnvironment(readEnvironment(process.cwd(), process.env))[stack as StackName];
  const context = { settings, environment: process.env, homeDirectory: homedir(), projectRoot: process.cwd(), probes: realProbes(), platform: process.platform };
  // The probes answer every problem; a rejection is a bug of doctor's, reported in one line.
  runChecks(stack as StackName, context).then(
    (results) => {
      console.log(formatResults(stack as StackName, results));
      process.exitCode = exitCodeOf(results);
    },
    (error: Error) => {
      console.error(`doctor could not finish its checks: ${error.message} (a bug of doctor's, not of your set-up)`);
      process.exitCode = 2;
    },
  );
}, 2);
