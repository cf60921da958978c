/**
 * Every npm script, run as npm runs it, ends bad settings or a bad flag with a short message
 * naming what to fix and a non-zero exit code, never a stack trace. One process per script
 * (main.ts stands for `synth` and `deploy:local`), all started at once to keep this fast.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "../..");
const STACK_FRAME = /^\s+at /m;

/** Each npm script and the run below that covers it. */
const COVERED: Readonly<Record<string, string>> = {
  synth: "main",
  "deploy:local": "main", // cdktf deploy runs the same app (cdktf.json) before anything else
  "netpol:matrix": "netpol:matrix",
  diff: "diff",
  bench: "bench",
  "plan:summary": "plan-summary.test.ts", // its own process test reads a missing plan
  doctor: "doctor", // and doctor.test.ts runs it with a bad flag
  render: "examples.test.ts", // renders a scenario with a bad .env in process
  "settings:docs": "settings:docs",
  smoke: "smoke", // smoke.test.ts runs its steps against in-process servers
  footprint: "footprint", // and footprint.test.ts: --help, a usage error, the table
  mutate: "mutation-score.test.ts", // --help, an unknown file and a bad --concurrency, in process
};

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** `node --require tsx/cjs <script>` as package.json runs it, in `cwd`. */
function run(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), join(root, script), ...args], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

let dir: string;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  // A git repository (the diff needs one) with a .env that has a key in the wrong case, a
  // prefix that names no stack, and a bad value.
  dir = mkdtempSync(join(tmpdir(), "tracing-script-errors-"));
  execFileSync("git", ["init", "--quiet"], { cwd: dir });
  writeFileSync(join(dir, ".env"), "otlp_endpoint=disabled\nDEV_TRACE_SAMPLING_RATE=0.5\nES_HEAP_MIB=lots\n");
  // As npm runs a script: from the package root (here an empty folder), with INIT_CWD the
  // folder the user typed npm run in, where their plan file is.
  const packageRoot = mkdtempSync(join(tmpdir(), "tracing-package-root-"));
  writeFileSync(join(dir, "my-plan.json"), readFileSync(join(root, "test/fixtures/plans/routine-upgrade.json")));
  const [main, netpol, diff, bench, doctor, diffHelp, docsUsage, plan, smoke, footprint] = await Promise.all([
    run("main.ts", [], dir),
    run("tools/netpol-matrix.ts", [], dir),
    run("tools/diff-cli.ts", ["--base", "HEAD"], dir),
    run("tools/bench.ts", ["--runs", "none"], dir),
    run("tools/doctor.ts", ["prod"], dir),
    run("tools/diff-cli.ts", ["--help"], tmpdir()),
    run("tools/settings-docs.ts", ["--readme"], dir),
    run("tools/plan-summary.ts", ["my-plan.json"], packageRoot, { INIT_CWD: dir }),
    run("tools/smoke.ts", ["qa"], dir),
    run("tools/footprint.ts", [], dir),
  ]);
  Object.assign(runs, { main, "netpol:matrix": netpol, diff, bench, doctor, diffHelp, docsUsage, plan, smoke, footprint });
  rmSync(packageRoot, { recursive: true, force: true });
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("every npm script that takes settings or arguments is covered", () => {
  const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
  // These read no settings and pass their arguments to tsc, Jest or dependency-cruiser, whose
  // own --help and usage errors apply.
  const untested = ["typecheck", "test", "test:update", "lint:deps"];
  expect(Object.keys(scripts).filter((s) => !untested.includes(s)).sort()).toEqual(Object.keys(COVERED).sort());
});

test.each([
  ["main", 1],
  ["netpol:matrix", 1],
  ["diff", 2],
  // 1 would mean a check failed: bad settings stop doctor before any check.
  ["doctor", 2],
  ["footprint", 1],
])("%s refuses a bad .env, naming every variable, with exit code %i and no stack trace", (name, status) => {
  const { output, status: actual } = runs[name];
  expect(output).not.toMatch(STACK_FRAME);
  expect(output).toContain("line 1: otlp_endpoint must be spelled in the case this package reads");
  expect(output).toContain("(did you mean OTLP_ENDPOINT?)");
  expect(output).toContain("line 2: DEV_TRACE_SAMPLING_RATE must be");
  // Printed once for both stacks, the variable first.
  expect(output.split("\n").filter((line) => line.includes("ES_HEAP_MIB"))).toEqual(['  - ES_HEAP_MIB (elasticsearch.heapMiB) must be a whole number, got "lots"']);
  expect(actual).toBe(status);
});

test("main writes nothing for bad settings", () => {
  expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
});

test("bench refuses a bad --runs with exit code 2 and no stack trace", () => {
  expect(runs.bench.output).not.toMatch(STACK_FRAME);
  expect(runs.bench.output.trim()).toBe('--runs must be a whole number from 1 to 99, got "none"');
  expect(runs.bench.status).toBe(2);
});

// The other scripts' --help goes through parseOptions and runCommand (options.test.ts,
// environment.test.ts); diff has its own exit handling, so it runs here.
test("diff --help prints the usage and exits 0, outside any repository", () => {
  expect(runs.diffHelp.output.startsWith("usage: npm run diff -- [--base <git ref>]")).toBe(true);
  expect(runs.diffHelp.status).toBe(0);
});

test("a usage error exits 2 in every tool, settings:docs included, which then writes nothing", () => {
  expect(runs.docsUsage.output).toMatch(/^unknown option "--readme"\nusage: npm run settings:docs/);
  expect(runs.docsUsage.status).toBe(2);
});

test("smoke refuses an unknown stack with exit code 2, the usage and no stack trace", () => {
  expect(runs.smoke.output).toMatch(/^unknown stack "qa": local or prod\nusage: npm run smoke -- local\|prod/);
  expect(runs.smoke.output).not.toMatch(STACK_FRAME);
  expect(runs.smoke.status).toBe(2);
});

test("a file argument is read from where the user typed npm run (INIT_CWD), not the package root", () => {
  expect(runs.plan.output).toContain("Plan: 1 to create");
  expect(runs.plan.status).toBe(0);
});

test("every script of ours reads its command line with parseOptions, so --help and usage errors behave alike", () => {
  const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
  const tools = Object.values(scripts).flatMap((command) => /tools\/[\w-]+\.ts/.exec(command) ?? []);
  expect(tools.length).toBeGreaterThanOrEqual(7);
  for (const tool of tools) expect({ tool, parses: /parseOptions\(/.test(readFileSync(join(root, tool), "utf8")) }).toEqual({ tool, parses: true });
});
