/**
 * The mutation score per module, from Stryker's JSON report (mutation-testing-report-schema),
 * counting only what behaviour tests catch: a mutant whose every killing test is a snapshot
 * test (a `toMatchSnapshot` test, named in test/ __snapshots__ files) or a render-drift test
 * (`DRIFT_TESTS`) is "caught only by snapshot/drift", not caught. Survivors that the
 * "Mutation testing" section of docs/testing.md documents as equivalent leave the total.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The parts of Stryker's JSON report read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportedMutant[] }>>;
  readonly testFiles?: Readonly<Record<string, { readonly tests: readonly { readonly id: string; readonly name: string }[] }>>;
}

export interface ReportedMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number } };
  readonly killedBy?: readonly string[];
}

/** One test, as the classifier sees it: its suite's path from the package root and its full name. */
export interface TestName {
  readonly file: string;
  readonly name: string;
}

/** Tests that compare generated files with the committed ones: they fail on any change, wanted or not. */
export const DRIFT_TESTS: readonly { readonly file: string; readonly name: RegExp }[] = [
  { file: "test/unit/examples.test.ts", name: /\(else: run npm run render\)$/ },
  { file: "test/unit/settings-docs.test.ts", name: /is the (one|page) the schema renders.*\(npm run settings:docs\)$/ },
];

/** A mutant documented as equivalent: no test can tell it from the original code. */
export interface EquivalentMutant {
  readonly file: string;
  readonly line: number;
  readonly mutatorName: string;
}

export interface ModuleScore {
  readonly module: string;
  readonly mutants: number;
  readonly behaviourKills: number;
  readonly snapshotOrDriftOnly: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timeout: number;
  /**
   * Mutants that made a suite fail before its tests ran (Stryker's "RuntimeError": the settings
   * or the synth at the top of a suite threw): npm test fails the same way, so they count as
   * caught by behaviour. Stryker's own score leaves them out.
   */
  readonly suiteErrors: number;
  readonly equivalent: number;
  /** (Behaviour kills + suite errors) / (mutants − documented equivalent), in percent. */
  readonly score: number;
}

/** The snapshot tests of the suites in `testDir`: the test names Jest keyed their snapshots by. */
export function snapshotTests(testDir: string): TestName[] {
  const tests: TestName[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (basename(dir) === "__snapshots__" && entry.name.endsWith(".snap")) {
        const suite = join(dirname(dir), entry.name.replace(/\.snap$/, ""));
        for (const match of readFileSync(path, "utf8").matchAll(/^exports\[`(.*) \d+`\]/gm)) tests.push({ file: suite, name: match[1] });
      }
    }
  };
  walk(testDir);
  return tests;
}

/** Equivalent mutants listed in the Markdown `page`: lines "- `file:line` MutatorName: why". */
export function documentedEquivalents(page: string): EquivalentMutant[] {
  return [...page.matchAll(/^- `([^`:]+):(\d+)` (\w+):/gm)].map((m) => ({ file: m[1], line: Number(m[2]), mutatorName: m[3] }));
}

/**
 * The score of each file in `report`. `snapshotOrDrift` says which tests do not count;
 * `equivalents` the survivors that leave the total.
 */
export function scoreReport(report: MutationReport, snapshotOrDrift: (test: TestName) => boolean, equivalents: readonly EquivalentMutant[] = []): ModuleScore[] {
  const testsById = new Map<string, TestName>();
  for (const [file, { tests }] of Object.entries(report.testFiles ?? {})) for (const test of tests) testsById.set(test.id, { file, name: test.name });
  return Object.entries(report.files)
    .map(([module, { mutants }]) => {
      const count = (status: string) => mutants.filter((m) => m.status === status).length;
      const killed = mutants.filter((m) => m.status === "Killed");
      const byBehaviour = killed.filter((m) => (m.killedBy ?? []).some((id) => !snapshotOrDrift(testsById.get(id) ?? { file: "", name: id })));
      const equivalent = mutants.filter((m) => m.status === "Survived" && equivalents.some((e) => e.file === module && e.line === m.location.start.line && e.mutatorName === m.mutatorName)).length;
      const counted = mutants.length - equivalent;
      return {
        module,
        mutants: mutants.length,
        behaviourKills: byBehaviour.length,
        snapshotOrDriftOnly: killed.length - byBehaviour.length,
        survived: count("Survived"),
        noCoverage: count("NoCoverage"),
        timeout: count("Timeout"),
        suiteErrors: count("RuntimeError"),
        equivalent,
        score: counted === 0 ? 100 : (100 * (byBehaviour.length + count("RuntimeError"))) / counted,
      };
    })
    .sort((a, b) => a.module.localeCompare(b.module));
}

/** Whether `test` is one of the snapshot tests or a `DRIFT_TESTS` test. */
export function isSnapshotOrDrift(snapshots: readonly TestName[]): (test: TestName) => boolean {
  return (test) =>
    snapshots.some((s) => s.file === test.file && s.name === test.name) || DRIFT_TESTS.some((d) => d.file === test.file && d.name.test(test.name));
}

/** A Markdown table of `scores`, one row per module. */
export function renderScoreTable(scores: readonly ModuleScore[]): string {
  const header = "| module | mutants | killed by behaviour tests | caught only by snapshot/drift | survived | no coverage | timeout | suite error | equivalent | score |";
  const rows = scores.map(
    (s) =>
      `| \`${s.module}\` | ${s.mutants} | ${s.behaviourKills} | ${s.snapshotOrDriftOnly} | ${s.survived} | ${s.noCoverage} | ${s.timeout} | ${s.suiteErrors} | ${s.equivalent} | ${s.score.toFixed(1)} % |`,
  );
  return [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", ...rows].join("\n");
}
