/**
 * `npm run netpol:matrix -- [--markdown] [--base <git ref>]`: who may reach which port of
 * the prod stack under its NetworkPolicies (synthesized offline from the current settings),
 * grouped by destination. Traffic our policies govern (a tracing pod at either end) is listed
 * source by source; traffic between pods outside the tracing namespace, which no policy of
 * ours governs, is counted apart. With `--base`, the flows the working tree opens and closes
 * against that revision come first.
 */
import { existsSync, readFileSync } from "node:fs";
import { readEnvironment, resolveEnvironment, runCommand } from "../environment";
import { parseOptions } from "./options";
import { namespacesNamedByPolicies, prodClusterModel } from "./prod-cluster-model";
import { flowChanges, renderFlowChanges } from "./reachability";
import { reachabilityMatrix, renderMatrix } from "./reachability-matrix";
import { stackDocuments } from "./synth-documents";
import { synthesizeSide } from "./synth-sides";

if (require.main === module) {
  runCommand(() => {
    const options = parseOptions(process.argv.slice(2), {
      usage: "npm run netpol:matrix -- [--markdown] [--base <git ref>]   (settings from .env in the working directory and the environment)",
      flags: ["--markdown"],
      values: ["--base"],
    });
    // The working directory's .env, as main.ts and cdktf read it (npm runs scripts in the
    // package root); bad settings end here with their message, before anything is synthesized.
    const environment = readEnvironment(process.cwd(), process.env);
    const settings = resolveEnvironment(environment).prod;
    // cdktf and the providers load only now: a bad .env or flag answers at once.
    const { synthesizeApp } = require("./synth") as typeof import("./synth");
    const current = stackDocuments(synthesizeApp(environment.variables)).prod;
    const model = prodClusterModel(current, settings, namespacesNamedByPolicies(current));
    const format = options.flags.has("--markdown") ? "markdown" : "text";
    const out: string[] = [format === "markdown" ? "## Network reachability of the prod stack\n" : "Network reachability of the prod stack, by destination\n"];
    const base = options.values["--base"];
    if (base !== undefined) {
      // The base revision under the same settings: only the code differs.
      const dotenv = existsSync(environment.file) ? readFileSync(environment.file, "utf8") : "";
      const before = synthesizeSide(process.cwd(), { ref: base, dotenv, dotenvSource: ".env" }).prod;
      out.push(`Against ${base}:`, ...renderFlowChanges(flowChanges(before ? { doc: before, settings } : undefined, { doc: current, settings }), format));
    }
    out.push(renderMatrix(reachabilityMatrix(model, settings), model, settings.kubernetes.namespace, format));
    process.stdout.write(out.join("\n"));
  });
}
