/**
 * The alert rules as the real Prometheus reads them: `promtool check rules` on every rules
 * file the stacks write, and `promtool test rules` with the cases of alert-cases.ts (each
 * alert fires above its threshold, stays silent below, and does what it should when its
 * metrics are absent). promtool comes with Debian's `prometheus` package, which `.ci/run`
 * installs; without it this suite says it was skipped, and in CI (CI=true) it fails instead.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import { renderAlertRules, type AlertRule, type RuleFile } from "../../tracing/monitoring/alert-rules";
import { renderMonitorTabRules } from "../../tracing/monitoring/monitor-tab";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { toYaml } from "../../tracing/core/yaml";
import { prodClusterModel } from "../../tools/prod-cluster-model";
import { renderScrapeConfig } from "../../tracing/monitoring/scrape-config";
import { certManagerSynth, COLLECTOR_MODE, collectorModeSynth, defaultSynth } from "../default-synth";
import { scrapedTargets } from "../prometheus-targets";
import { ALERT_CASES, CERTIFICATE_ALERTS, CERTIFICATE_CASES, EVAL_TIME, EXPIRY_CASE, expandTemplate, FAR_FUTURE, healthySeries, healthyTests, promtoolTests } from "./alert-cases";

const promtool = spawnSync("promtool", ["--version"], { encoding: "utf8" });
const available = promtool.status === 0;

/**
 * Text as Terraform writes it: cdktf doubled `${` and `%{` (constructs/terraform-text.ts), and
 * each certificate's expiry (`${time_static.….unix}`) is a number at apply, here far away.
 */
const literal = (text: string) =>
  text
    .replace(/(?<!\$)\$\{time_static\.[A-Za-z0-9_-]+\.unix\}/g, String(FAR_FUTURE))
    .replace(/\$\$\{/g, "${")
    .replace(/%%\{/g, "%{");

/** Every rules file the default, collector-mode and cert-manager synths write: local files and prod ConfigMaps. */
function synthesizedRuleFiles(): [string, string][] {
  return [
    ["default", defaultSynth()],
    ["collector mode", collectorModeSynth()],
    ["cert-manager mode", certManagerSynth()],
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

/**
 * Jaeger v2.20.0 internal/storage/metricstore/prometheus/metricstore/reader.go `GetCallRates`,
 * as query sends it for one service with a 5 m rate: a sum by service across every other label.
 */
const CALL_RATE_QUERY = (metric: string) => `sum(rate(${metric}{service_name =~ "quote", }[5m])) by (service_name)`;

if (!available) {
  // Outside CI the checks are skipped, and say so; in CI a missing promtool is a failure.
  process.stdout.write("promtool not installed: the Prometheus rule checks were SKIPPED (CI runs them)\n");
  if (process.env.CI === "true") {
    test("promtool is installed (.ci/run installs Debian's prometheus)", () => {
      throw new Error("promtool is missing: .ci/run installs Debian's prometheus package");
    });
  }
}

// Pure JavaScript: it runs with or without promtool, so a rule without cases never goes unnoticed.
test("every alert has a case that fires it and one that keeps it silent", () => {
  const alerts = [...new Set(synthesizedRuleFiles().flatMap(([, text]) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules).map((r) => r.alert)))];
  const cases = { ...ALERT_CASES, ...CERTIFICATE_CASES };
  const missing = alerts.filter((alert) => !(cases[alert]?.some((c) => c.fires.length > 0) && cases[alert]?.some((c) => c.fires.length === 0)));
  expect(alerts.length).toBeGreaterThan(10);
  expect(missing).toEqual([]);
});

(available ? describe : describe.skip)("alert rules, checked by promtool", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracing-promtool-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = synthesizedRuleFiles();
  const alertsOf = (text: string) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules);

  test("promtool check rules: every rules file the stacks write (local and prod; default, collector and cert-manager mode)", () => {
    const paths = files.map(([name, text]) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.rules.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const result = run(["check", "rules", ...paths], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
    expect(result.stdout.match(/SUCCESS/g)?.length).toBe(files.length);
  });

  const prodRules = (mode: string) => files.find(([name]) => name === `${mode}, prod`)?.[1] as string;
  const defaultRules = new Set(alertsOf(prodRules("default")).map((r) => JSON.stringify(r)));
  // The expiry alerts of terraform mode hold their data in the rule: EXPIRY_CASE tests them.
  const aboutMetrics = (rule: AlertRule) => !(CERTIFICATE_ALERTS as readonly string[]).includes(rule.alert);
  // Collector mode's alerts that differ from the default file (its own, and those whose
  // expression or text changes); the rest are tested there (each case costs promtool ~15 ms).
  // cert-manager mode's own: the expiry alerts on cert-manager's metrics.
  test.each([
    ["default", prodRules("default"), aboutMetrics, ALERT_CASES],
    ["collector mode", prodRules("collector mode"), (rule: AlertRule) => aboutMetrics(rule) && !defaultRules.has(JSON.stringify(rule)), ALERT_CASES],
    ["cert-manager mode", prodRules("cert-manager mode"), (rule: AlertRule) => rule.alert in CERTIFICATE_CASES, CERTIFICATE_CASES],
  ] as const)("promtool test rules, the alerts of the %s prod rules above, below and without their metrics", (name, text, tested, cases) => {
    const rules = alertsOf(text).filter((r) => tested(r));
    // Every alert has cases: a new alert without them fails here.
    expect(rules.filter((r) => !cases[r.alert]).map((r) => r.alert)).toEqual([]);
    expect(rules.length).toBeGreaterThan(0);
    const ruleFile = `${name.replace(/\W+/g, "-")}.rules.yaml`;
    writeFileSync(join(dir, ruleFile), text);
    const testFile = join(dir, `${name.replace(/\W+/g, "-")}.test.yaml`);
    writeFileSync(testFile, toYaml(promtoolTests(ruleFile, rules, 'namespace="tracing"', cases)));
    const result = run(["test", "rules", testFile], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
  });

  test("promtool check config: the paste-in scrape job and rule_files line, the rules file where the line names it", () => {
    const example = parse(readFileSync(join(__dirname, "../../examples/default/prometheus-scrape.yaml"), "utf8"));
    // The mounted directory, here: the line's file name must be the ConfigMap's key.
    const [line] = example.rule_files as string[];
    const mounted = join(dir, "mounted");
    mkdirSync(mounted, { recursive: true });
    writeFileSync(join(mounted, basename(line)), prodRules("default"));
    // Debian's Prometheus 2.42 is built without Kubernetes discovery: a static target stands in
    // for it, and promtool checks the rest (the relabelling's actions and RE2 regexes, the rules).
    const scrapeConfigs = example.scrape_configs.map(({ kubernetes_sd_configs: _discovery, ...job }: any) => ({ ...job, static_configs: [{ targets: ["10.0.0.1:8888"] }] }));
    writeFileSync(join(dir, "prometheus.yml"), toYaml({ scrape_configs: scrapeConfigs, rule_files: [join(mounted, basename(line))] }));
    const result = run(["check", "config", "prometheus.yml"], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
    expect(basename(line)).toBe("genesis-tracing.rules.yaml");
  });

  // One promtool run for both modes: a healthy default deploy, scraped as the paste-in job
  // scrapes the synthesized pods, for three hours.
  test("a healthy deploy fires no alert: every target the scrape config keeps is up and serves healthy series (sdk and collector mode, 30 min, 1 h 30, 3 h)", () => {
    const testFiles = [
      ["default", {}, defaultSynth()],
      ["collector mode", COLLECTOR_MODE, collectorModeSynth()],
    ].map(([mode, env, synth]) => {
      const settings = resolveSettings("prod", env as EnvironmentVariables);
      const pods = Object.values(prodClusterModel(stackDocuments(synth as Map<string, string>).prod, settings).pods);
      const series = healthySeries(scrapedTargets(renderScrapeConfig(settings).scrape_configs[0], pods));
      const name = `healthy-${String(mode).replace(/\W+/g, "-")}`;
      writeFileSync(join(dir, `${name}.rules.yaml`), prodRules(mode as string));
      const file = `${name}.test.yaml`;
      writeFileSync(join(dir, file), toYaml(healthyTests(`${name}.rules.yaml`, alertsOf(prodRules(mode as string)), series, `a healthy deploy, ${mode}`)));
      return file;
    });
    const result = run(["test", "rules", ...testFiles], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
  });

  test("terraform mode: a certificate 13 days from expiry warns, 20 days is silent, 2 days is critical (the expiries are in the rule; none can be absent)", () => {
    const rules = renderAlertRules(resolveSettings("prod"), EXPIRY_CASE.expiries);
    writeFileSync(join(dir, "expiry.rules.yaml"), toYaml(rules));
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert in EXPIRY_CASE.fires);
    const tests = {
      rule_files: ["expiry.rules.yaml"],
      evaluation_interval: "5m",
      tests: [
        {
          name: "three certificates, 13, 20 and 2 days from expiry",
          interval: "1m",
          input_series: [],
          alert_rule_test: alerts.map((rule) => ({
            eval_time: EVAL_TIME,
            alertname: rule.alert,
            exp_alerts: EXPIRY_CASE.fires[rule.alert as keyof typeof EXPIRY_CASE.fires].map((certificate) => {
              const labels = { severity: rule.labels.severity, certificate };
              return { exp_labels: labels, exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expandTemplate(v, labels, undefined)])) };
            }),
          })),
        },
      ],
    };
    expect(alerts.map((r) => r.alert)).toEqual(Object.keys(EXPIRY_CASE.fires));
    writeFileSync(join(dir, "expiry.test.yaml"), toYaml(tests));
    const result = run(["test", "rules", "expiry.test.yaml"], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
  });

  // One minute of `quote` holds 6 uniform calls of 600 real ones (a 1 % share); in sdk mode also
  // 60 kept because they were slow, which the tab must not count.
  test.each([
    ["sdk mode, prod's 1 % base rate", {}, [{ reason: "slow", perMinute: 60 }]],
    ["collector mode, a 1 % head rate", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.01" }, []],
  ] as const)("the Monitor tab's rules, as Prometheus evaluates them (%s): query's call rate is the uniform part over its share", (_, env, ruleKept) => {
    writeFileSync(join(dir, "monitor-tab.rules.yaml"), toYaml(renderMonitorTabRules(resolveSettings("prod", env))));
    const series = 'namespace="tracing",service_name="quote",span_name="genesis.quote.get",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"';
    const tests = {
      rule_files: ["monitor-tab.rules.yaml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            { series: `traces_span_metrics_calls_total{${series}}`, values: "0+6x10" },
            ...ruleKept.map(({ reason, perMinute }) => ({ series: `traces_span_metrics_calls_total{${series},genesis_sampling_reason="${reason}"}`, values: `0+${perMinute}x10` })),
          ],
          promql_expr_test: [
            {
              expr: CALL_RATE_QUERY("genesis_population_span_metrics_calls_total"),
              eval_time: "10m",
              exp_samples: [{ labels: '{service_name="quote"}', value: 10 }],
            },
            {
              // The recorded counter, 60 uniform calls over the share, carries the share it was scaled by.
              expr: "genesis_population_span_metrics_calls_total",
              eval_time: "10m",
              exp_samples: [{ labels: `genesis_population_span_metrics_calls_total{${series},genesis_sampling_share="0.01"}`, value: 6000 }],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, "monitor-tab.test.yaml"), toYaml(tests));
    const result = run(["check", "rules", "monitor-tab.rules.yaml"], dir);
    expect({ status: result.status, output: result.status === 0 ? "" : result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
    const tested = run(["test", "rules", "monitor-tab.test.yaml"], dir);
    expect({ status: tested.status, output: tested.status === 0 ? "" : tested.stdout + tested.stderr }).toEqual({ status: 0, output: "" });
  });

  test("the Monitor tab across a change of the sampling share: the old rule's series end, the new rule's start, and query's call rate stays the traffic's, where one series would spike", () => {
    // 10 calls/s of traffic. TRACE_SAMPLING_RATE goes from 5 % to 1 % at minute 10 (the rules
    // reload, the services restart): the collector's uniform counter holds 300 by then (30 a
    // minute), then grows by 6 a minute. The old rule recorded it / 0.05 under share 0.05
    // until minute 10; the new one records it / 0.01 under share 0.01 from minute 11 (306 / 0.01).
    const series = 'service_name="quote",span_name="genesis.quote.get",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"';
    const tests = {
      rule_files: [],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            { series: `genesis_population_span_metrics_calls_total{${series},genesis_sampling_share="0.05"}`, values: "0+600x10 stale" },
            { series: `genesis_population_span_metrics_calls_total{${series},genesis_sampling_share="0.01"}`, values: "_x11 30600+600x10" },
            // The same values in one series, as a recorded counter without the share label had them.
            { series: `unlabelled_calls_total{${series}}`, values: "0+600x10 30600+600x10" },
          ],
          promql_expr_test: [
            ...[5, 10, 11, 12, 13, 14, 15, 16, 20].map((minute) => ({
              expr: CALL_RATE_QUERY("genesis_population_span_metrics_calls_total"),
              eval_time: `${minute}m`,
              exp_samples: [{ labels: '{service_name="quote"}', value: 10 }],
            })),
            // One series: the jump from 6000 to 30600 reads as 24600 calls in the window, 90 calls/s.
            { expr: CALL_RATE_QUERY("unlabelled_calls_total"), eval_time: "11m", exp_samples: [{ labels: '{service_name="quote"}', value: 90 }] },
          ],
        },
      ],
    };
    writeFileSync(join(dir, "monitor-tab-share.test.yaml"), toYaml(tests));
    const tested = run(["test", "rules", "monitor-tab-share.test.yaml"], dir);
    expect({ status: tested.status, output: tested.status === 0 ? "" : tested.stdout + tested.stderr }).toEqual({ status: 0, output: "" });
  });
});
