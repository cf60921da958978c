/**
 * `npm run mutate -- [--concurrency <n>] [<file>...]`: Stryker over the core modules (all of
 * them when no file is named), one run per module with the suites that test it, then the score
 * per module (tools/mutation-score.ts), where a mutant only a snapshot or drift test saw does
 * not count as caught. Not part of npm test or CI: a module takes minutes to hours on 2 cores.
 * docs/testing.md "Mutation testing" says how to read the result and holds the latest scores.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CommandError, runCommand, UsageError } from "../environment";
import { documentedEquivalents, isSnapshotOrDrift, renderScoreTable, scoreReport, snapshotTests, type MutationReport } from "./mutation-score";
import { parseOptions, userPath } from "./options";

const ROOT = join(__dirname, "..");
export const REPORT_DIR = "reports/mutation";

/** Every file of the Kubernetes constructs: each is mutated in a run of its own. */
const KUBERNETES_MODULES = "constructs/kubernetes/*";

/** The suites that read a prod synth (the shared one, or one of their own) and check the Kubernetes objects in it. */
const PROD_SYNTH_SUITES = [
  "test/stacks/prod-stack.test.ts",
  "test/invariants/prod-workloads.test.ts",
  "test/invariants/prod-objects.test.ts",
  "test/invariants/pod-scheduling.test.ts",
  "test/invariants/self-contained.test.ts",
  "test/invariants/air-gapped.test.ts",
  "test/invariants/synth-output.test.ts",
  "test/security/tls-every-hop.test.ts",
  "test/security/secret-hygiene.test.ts",
  "test/security/network-reachability.test.ts",
];

/** The settings suites: every refused and accepted value, and the generated docs. */
const SETTINGS_SUITES = ["test/unit/settings.test.ts", "test/security/hostile-input.test.ts", "test/security/accepted-input.test.ts"];

/**
 * Each core module and the suites Stryker runs against its mutants. Chosen by hand: Jest's
 * related-test search cannot see the suites that read the shared synth (they import no code
 * of the stacks), and running every suite would take a day per module on 2 cores. A mutant
 * that only a suite left out here could catch is reported as surviving: the score errs low.
 * promtool.test.ts (23 s a run) is left out of alert-rules.ts: alerting.test.ts checks the
 * same rules' expressions and labels by value.
 */
export const MODULE_SUITES: Readonly<Record<string, readonly string[]>> = {
  "tracing/pipeline/tail-sampling.ts": ["test/unit/tail-sampling.test.ts", "test/unit/tail-sampling-rates.test.ts", "test/unit/gateway-config.test.ts"],
  "tracing/topology/network-policy.ts": [
    "test/unit/network-policy.test.ts",
    "test/unit/network-policy-purposes.test.ts",
    "test/unit/components.test.ts",
    "test/security/network-policy-evaluator.test.ts",
    "test/security/network-reachability.test.ts",
  ],
  "tracing/monitoring/alert-rules.ts": ["test/unit/alerting.test.ts", "test/unit/alert-annotations.test.ts", "test/unit/alert-severities.test.ts", "test/unit/alert-selector.test.ts", "test/unit/alert-rollout.test.ts", "test/unit/runbooks.test.ts"],
  "tracing/checked-settings/validation.ts": [...SETTINGS_SUITES, "test/unit/settings-rules.test.ts"],
  // environment.test.ts: the file a setting names (`file: true`) is read with the settings.
  "tracing/settings/schema.ts": [...SETTINGS_SUITES, "test/security/settings-coverage.test.ts", "test/unit/settings-docs.test.ts", "test/unit/environment.test.ts"],
  [KUBERNETES_MODULES]: PROD_SYNTH_SUITES,
};

/**
 * Construct files whose behaviour a suite outside PROD_SYNTH_SUITES checks, and those suites
 * (run after the prod synth suites). The data guard's preconditions and their messages are
 * judged only by a Terraform plan (data-guard-terraform.test.ts, about 2 s a run).
 */
const CONSTRUCT_SUITES: Readonly<Record<string, readonly string[]>> = {
  "constructs/kubernetes/elasticsearch-data-guard.ts": ["test/scenarios/data-guard-terraform.test.ts"],
};

export const MUTATE_USAGE = `npm run mutate -- [--concurrency <n>] [<file>...]
  files: ${Object.keys(MODULE_SUITES).join(", ")} (or one file in constructs/kubernetes/); all of them by default`;

/** One Stryker run: the file it mutates and the suites it runs, reported under `name`. */
export interface MutationRun {
  readonly name: string;
  readonly file: string;
  readonly suites: readonly string[];
}

/**
 * The runs for the files named on the command line (paths from the package root); every core
 * module when none. One run per file, so that each keeps its own report and sandbox
 * (`constructs/kubernetes/*` stands for each of `kubernetesFiles`).
 */
export function planRuns(files: readonly string[], kubernetesFiles: readonly string[]): MutationRun[] {
  const wanted = files.length > 0 ? files : Object.keys(MODULE_SUITES);
  const unknown = wanted.filter((file) => !(file in MODULE_SUITES) && !kubernetesFiles.includes(file));
  if (unknown.length > 0) throw new UsageError(`not a core module: ${unknown.join(", ")}\nusage: ${MUTATE_USAGE}`);
  const expanded = wanted.flatMap((file) => (file === KUBERNETES_MODULES ? kubernetesFiles : [file]));
  return [...new Set(expanded)].map((file) => ({
    name: file.replace(/\.ts$/, "").replace(/\//g, "-"),
    file,
    suites: kubernetesFiles.includes(file) ? [...MODULE_SUITES[KUBERNETES_MODULES], ...(CONSTRUCT_SUITES[file] ?? [])] : MODULE_SUITES[file],
  }));
}

function runStryker(run: MutationRun, concurrency: string | undefined, env: NodeJS.ProcessEnv): void {
  const args = [
    join(ROOT, "node_modules/@stryker-mutator/core/bin/stryker.js"),
    "run",
    "--mutate",
    run.file,
    ...(concurrency ? ["--concurrency", concurrency] : []),
  ];
  console.log(`\n== ${run.file}: suites ${run.suites.join(" ")}`);
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...env, MUTATE_RUN: run.name, MUTATE_TEST_FILES: run.suites.join(","), CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new CommandError(`Stryker failed on ${run.name} (exit code ${result.status}); see its output above`);
}

/** The score table of every module report in reports/mutation (the latest run of each). */
export function scoreReports(dir: string): string {
  const reports = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(".json")) : [];
  if (reports.length === 0) throw new CommandError(`no mutation report in ${dir}: run npm run mutate first`);
  const notCounted = isSnapshotOrDrift(snapshotTests(join(ROOT, "test")).map((test) => ({ ...test, file: relative(ROOT, test.file) })));
  const equivalents = documentedEquivalents(readFileSync(join(ROOT, "docs/testing.md"), "utf8"));
  const scores = reports.flatMap((file) => scoreReport(JSON.parse(readFileSync(join(dir, file), "utf8")) as MutationReport, notCounted, equivalents));
  return renderScoreTable(scores);
}

/** `npm run mutate`: one Stryker run per module named (all by default), then the score table. */
export function mutateCommand(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const options = parseOptions(args, { usage: MUTATE_USAGE, values: ["--concurrency"], positionals: 64 });
  const concurrency = options.values["--concurrency"];
  if (concurrency !== undefined && !/^[1-9]\d*$/.test(concurrency)) throw new UsageError(`--concurrency must be a whole number of test runners, got ${JSON.stringify(concurrency)}\nusage: ${MUTATE_USAGE}`);
  const kubernetesDir = KUBERNETES_MODULES.replace("*", "");
  const kubernetesFiles = readdirSync(join(ROOT, kubernetesDir)).filter((file) => file.endsWith(".ts")).map((file) => kubernetesDir + file);
  const files = options.positionals.map((file) => relative(ROOT, userPath(file, env)).split("\\").join("/"));
  const runs = planRuns(files, kubernetesFiles);
  mkdirSync(join(ROOT, REPORT_DIR), { recursive: true });
  // Each suite takes the developer's settings out of its own environment (test/mutation-setup.ts).
  for (const run of runs) runStryker(run, concurrency, env);
  console.log(`\n${scoreReports(join(ROOT, REPORT_DIR))}`);
}

if (require.main === module) {
  runCommand(() => mutateCommand(process.argv.slice(2), process.env));
}
