/**
 * `npm run mutate` (tools/mutate.ts, tools/mutation-score.ts), without running Stryker: the
 * score counts a mutant as caught only when a behaviour test failed on it, and the command
 * reads its arguments as every tool does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HelpRequested, UsageError } from "../../environment";
import { mutateCommand, planRuns } from "../../tools/mutate";
import { documentedEquivalents, isSnapshotOrDrift, renderScoreTable, scoreReport, snapshotTests, type MutationReport, type ReportedMutant } from "../../tools/mutation-score";

const mutant = (id: string, line: number, status: string, killedBy?: string[]): ReportedMutant => ({
  id,
  mutatorName: "StringLiteral",
  status,
  location: { start: { line } },
  killedBy,
});

/** A report as Stryker writes it: one module, a behaviour suite, a snapshot suite and the examples drift test. */
const REPORT: MutationReport = {
  files: {
    "tracing/example.ts": {
      mutants: [
        mutant("1", 10, "Killed", ["0"]), // a behaviour test
        mutant("2", 11, "Killed", ["1", "0"]), // the snapshot too: still a behaviour kill
        mutant("3", 12, "Killed", ["1"]), // only the snapshot
        mutant("4", 13, "Killed", ["1", "2"]), // only the snapshot and the drift test
        mutant("5", 14, "Survived"),
        mutant("6", 15, "Survived"), // documented as equivalent
        mutant("7", 16, "NoCoverage"),
        mutant("8", 17, "Timeout"),
        mutant("9", 18, "RuntimeError"), // a suite that could not load
        mutant("10", 19, "Killed", ["3"]), // a test the report does not name: counts as behaviour
      ],
    },
  },
  testFiles: {
    "test/unit/example.test.ts": { tests: [{ id: "0", name: "renders the rate" }] },
    "test/stacks/prod-stack.test.ts": { tests: [{ id: "1", name: "prod stack snapshot" }] },
    "test/unit/examples.test.ts": { tests: [{ id: "2", name: "examples/default holds exactly what the code renders from its .env (else: run npm run render)" }] },
  },
};

const notCounted = isSnapshotOrDrift([{ file: "test/stacks/prod-stack.test.ts", name: "prod stack snapshot" }]);

test("a mutant only snapshot or drift tests caught is told apart, and the score counts behaviour kills and suite errors over the non-equivalent", () => {
  const [score] = scoreReport(REPORT, notCounted, [{ file: "tracing/example.ts", line: 15, mutatorName: "StringLiteral" }]);
  expect(score).toEqual({
    module: "tracing/example.ts",
    mutants: 10,
    behaviourKills: 3,
    snapshotOrDriftOnly: 2,
    survived: 2,
    noCoverage: 1,
    timeout: 1,
    suiteErrors: 1,
    equivalent: 1,
    score: (100 * 4) / 9,
  });
  expect(renderScoreTable([score]).split("\n")[2]).toBe("| `tracing/example.ts` | 10 | 3 | 2 | 2 | 1 | 1 | 1 | 1 | 44.4 % |");
});

test("an equivalent entry must match the file, the line and the mutator", () => {
  const near = [
    { file: "tracing/other.ts", line: 15, mutatorName: "StringLiteral" },
    { file: "tracing/example.ts", line: 16, mutatorName: "StringLiteral" },
    { file: "tracing/example.ts", line: 15, mutatorName: "BooleanLiteral" },
  ];
  expect(scoreReport(REPORT, notCounted, near)[0].equivalent).toBe(0);
});

test("the settings-docs drift tests do not count; the other settings-docs tests do", () => {
  const drift = isSnapshotOrDrift([]);
  expect(drift({ file: "test/unit/settings-docs.test.ts", name: ".env.example is the one the schema renders (npm run settings:docs)" })).toBe(true);
  expect(drift({ file: "test/unit/settings-docs.test.ts", name: "docs/settings.md is the page the schema renders around its hand-written intro (npm run settings:docs)" })).toBe(true);
  expect(drift({ file: "test/unit/settings-docs.test.ts", name: "every line of .env.example, uncommented, gives both stacks exactly their defaults" })).toBe(false);
  expect(drift({ file: "test/unit/other.test.ts", name: "x holds exactly what the code renders from its .env (else: run npm run render)" })).toBe(false);
});

test("snapshot tests are read from the __snapshots__ files, by suite and full test name", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracing-snapshots-"));
  try {
    mkdirSync(join(dir, "stacks/__snapshots__"), { recursive: true });
    writeFileSync(join(dir, "stacks/__snapshots__/a.test.ts.snap"), "// Jest Snapshot v1\n\nexports[`a stack snapshot 1`] = `x`;\n\nexports[`a stack snapshot 2`] = `y`;\n");
    expect(snapshotTests(dir)).toEqual([
      { file: join(dir, "stacks/a.test.ts"), name: "a stack snapshot" },
      { file: join(dir, "stacks/a.test.ts"), name: "a stack snapshot" },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the docs' equivalent-mutant lines are read as file, line and mutator", () => {
  const page = "- `tracing/a.ts:12` StringLiteral: the salt only has to be shared\n- not one\n  - `b.ts:3` X: indented, not read\n";
  expect(documentedEquivalents(page)).toEqual([{ file: "tracing/a.ts", line: 12, mutatorName: "StringLiteral" }]);
});

describe("the command line", () => {
  const KUBERNETES = ["constructs/kubernetes/eck.ts", "constructs/kubernetes/monitoring.ts"];

  test("no file: one run per core module, and one per Kubernetes construct file", () => {
    expect(planRuns([], KUBERNETES).map((run) => [run.name, run.file])).toEqual([
      ["tracing-pipeline-tail-sampling", "tracing/pipeline/tail-sampling.ts"],
      ["tracing-topology-network-policy", "tracing/topology/network-policy.ts"],
      ["tracing-monitoring-alert-rules", "tracing/monitoring/alert-rules.ts"],
      ["tracing-checked-settings-validation", "tracing/checked-settings/validation.ts"],
      ["tracing-settings-schema", "tracing/settings/schema.ts"],
      ["constructs-kubernetes-eck", "constructs/kubernetes/eck.ts"],
      ["constructs-kubernetes-monitoring", "constructs/kubernetes/monitoring.ts"],
    ]);
  });

  test("a construct file runs the prod synth suites, shared-synth readers included, once however often it is named", () => {
    const runs = planRuns(["constructs/kubernetes/eck.ts", "constructs/kubernetes/*"], KUBERNETES);
    expect(runs.map((run) => run.file)).toEqual(KUBERNETES);
    expect(runs[0].suites).toContain("test/invariants/prod-workloads.test.ts");
  });

  test("the data guard's file also runs the suite that plans its preconditions with Terraform; other construct files do not", () => {
    const [guard, eck] = planRuns(["constructs/kubernetes/elasticsearch-data-guard.ts", "constructs/kubernetes/eck.ts"], [...KUBERNETES, "constructs/kubernetes/elasticsearch-data-guard.ts"]);
    expect(guard.suites.slice(-2)).toEqual(["test/security/network-reachability.test.ts", "test/scenarios/data-guard-terraform.test.ts"]);
    expect(eck.suites).not.toContain("test/scenarios/data-guard-terraform.test.ts");
  });

  test("a file that is not a core module is a usage error (exit code 2) naming it", () => {
    expect(() => planRuns(["tracing/components.ts"], KUBERNETES)).toThrow(/^not a core module: tracing\/components.ts\nusage: npm run mutate -- /);
    let error: unknown;
    try {
      mutateCommand(["tracing/nope.ts"], {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
  });

  test("--help is the usage, exit code 0; a bad --concurrency is a usage error", () => {
    expect(() => mutateCommand(["--help"], {})).toThrow(HelpRequested);
    expect(() => mutateCommand(["--concurrency", "two"], {})).toThrow('--concurrency must be a whole number of test runners, got "two"');
  });
});
