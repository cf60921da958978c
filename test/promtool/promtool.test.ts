/**
 * The alert rules as the real Prometheus reads them: `promtool check rules` on every rules
 * file the stacks write, and `promtool test rules` with the cases of alert-cases.ts (each
 * alert fires above its threshold, stays silent below, and does what it should when its
 * metrics are absent). promtool comes with Debian's `prometheus` package, which `.ci/run`
 * installs; without it this suite says it was skipped, and in CI (CI=true) it fails instead.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import type { AlertRule, RuleFile } from "../../tracing/alert-rules";
import { toYaml } from "../../tracing/yaml";
import { collectorModeSynth, defaultSynth } from "../default-synth";
import { ALERT_CASES, promtoolTests } from "./alert-cases";

const promtool = spawnSync("promtool", ["--version"], { encoding: "utf8" });
const available = promtool.status === 0;

/** Text Terraform writes literally: cdktf doubled `${` and `%{` (constructs/terraform-text.ts). */
const literal = (text: string) => text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");

/** Every rules file the default and collector-mode synths write: local files and prod ConfigMaps. */
function synthesizedRuleFiles(): [string, string][] {
  return [
    ["default", defaultSynth()],
    ["collector mode", collectorModeSynth()],
  ].flatMap(([mode, files]) => {
    const docs = stackDocuments(files as Map<string, string>);
    const local = docs.local.resource.local_file.ClientAlertRules.content as string;
    const prod = Object.values<any>(docs.prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === "genesis-tracing-alert-rules").data[
      "genesis-tracing.rules.yaml"
    ] as string;
    return [
      [`${mode}, local`, literal(local)],
      [`${mode}, prod`, literal(prod)],
    ] as [string, string][];
  });
}

const run = (args: string[], cwd: string) => spawnSync("promtool", args, { cwd, encoding: "utf8" });

if (!available) {
  // Outside CI the checks are skipped, and say so; in CI a missing promtool is a failure.
  process.stdout.write("promtool not installed: the Prometheus rule checks were SKIPPED (CI runs them)\n");
  if (process.env.CI === "true") {
    test("promtool is installed (.ci/run installs Debian's prometheus)", () => {
      throw new Error("promtool is missing: .ci/run installs Debian's prometheus package");
    });
  }
}

(available ? describe : describe.skip)("alert rules, checked by promtool", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracing-promtool-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = synthesizedRuleFiles();
  const alertsOf = (text: string) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules);

  test("promtool check rules: every rules file the stacks write (local and prod, default and collector mode)", () => {
    const paths = files.map(([name, text]) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.rules.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const result = run(["check", "rules", ...paths], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
    expect(result.stdout.match(/SUCCESS/g)?.length).toBe(files.length);
  });

  test("every alert has a case that fires it and one that keeps it silent", () => {
    const alerts = [...new Set(files.flatMap(([, text]) => alertsOf(text).map((r) => r.alert)))];
    const missing = alerts.filter((alert) => !(ALERT_CASES[alert]?.some((c) => c.fires.length > 0) && ALERT_CASES[alert]?.some((c) => c.fires.length === 0)));
    expect(missing).toEqual([]);
  });

  const prodRules = (mode: string) => files.find(([name]) => name === `${mode}, prod`)?.[1] as string;
  const defaultRules = new Set(alertsOf(prodRules("default")).map((r) => JSON.stringify(r)));
  // Collector mode's alerts that differ from the default file (its own, and those whose
  // expression or text changes); the rest are tested there (each case costs promtool ~15 ms).
  test.each([
    ["default", prodRules("default"), () => true],
    ["collector mode", prodRules("collector mode"), (rule: AlertRule) => !defaultRules.has(JSON.stringify(rule))],
  ] as const)("promtool test rules, the alerts of the %s prod rules above, below and without their metrics", (name, text, tested) => {
    const rules = alertsOf(text).filter((r) => tested(r));
    // Every alert has cases: a new alert without them fails here.
    expect(rules.filter((r) => !ALERT_CASES[r.alert]).map((r) => r.alert)).toEqual([]);
    const ruleFile = `${name.replace(/\W+/g, "-")}.rules.yaml`;
    writeFileSync(join(dir, ruleFile), text);
    const testFile = join(dir, `${name.replace(/\W+/g, "-")}.test.yaml`);
    writeFileSync(testFile, toYaml(promtoolTests(ruleFile, rules, 'namespace="tracing"')));
    const result = run(["test", "rules", testFile], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
  });
});
