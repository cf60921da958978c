import { METRICS, renderAlertRules, type RuleFile } from "../../tracing/monitoring/alert-rules";
import { renderGrafanaDashboard } from "../../tracing/monitoring/dashboard";
import { resolveSettings } from "../../tracing/checked-settings";
import { promqlErrors, ruleFileProblems } from "../promql";

const prod = resolveSettings("prod");
const rules = renderAlertRules(prod);
const rule = (name: string) => {
  const found = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
};

/** Metric names an expression reads (identifiers followed by a selector or a range). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b([a-z_][a-z0-9_]*)(\{|\[)/g)].map((m) => m[1]).filter((n) => !["by", "rate", "sum", "max", "absent", "clamp_min"].includes(n));
}

describe("alert rules", () => {
  test("form a valid Prometheus rule file with valid PromQL", () => {
    expect(ruleFileProblems(rules)).toEqual([]);
    expect(rules.groups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual([
      "TracingNoSpansReceived",
      "TracingExportFailureRatioHigh",
      "TracingSpanDropRatioHigh",
      "TracingCollectorLatencyHigh",
      "TracedOperationLatencyHigh",
      "TracingElasticsearchNotGreen",
      "TracingElasticsearchDiskNearWatermark",
      "TracingSpanMetricsAbsent",
      "TracingExportQueueNearFull",
      "TracingElasticsearchHeapHigh",
      "TracingElasticsearchWriteRejections",
      "TracingElasticsearchIlmErrors",
      "TracingElasticsearchDiskWatermarkReached",
      "TracingQueryDown",
      "TracingElasticsearchExporterDown",
    ]);
  });

  test("the validator catches a broken rule (it can fail)", () => {
    const broken: RuleFile = { groups: [{ name: "x", rules: [{ ...rule("TracingSpanDropRatioHigh"), expr: "sum(rate(x[5m]) >", for: "5 minutes" }] }] };
    expect(ruleFileProblems(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/error at/), "TracingSpanDropRatioHigh: bad duration 5 minutes"]));
  });

  test("read only metrics the Jaeger v2 collector and the Elasticsearch exporter expose", () => {
    const known = Object.values(METRICS).flatMap((m) => [m, `${m}_bucket`]);
    for (const r of rules.groups[0].rules) for (const name of metricNames(r.expr)) expect({ alert: r.alert, name, known: known.includes(name) }).toEqual({ alert: r.alert, name, known: true });
  });

  test("no spans: traces per minute must stay above 0 for the configured minutes", () => {
    expect(rule("TracingNoSpansReceived").expr).toBe(
      '(sum(rate(otelcol_receiver_accepted_spans_total{namespace="tracing"}[5m])) * 60 <= 0) or absent(otelcol_receiver_accepted_spans_total{namespace="tracing"})',
    );
    expect(rule("TracingNoSpansReceived").for).toBe("10m");
    expect(rule("TracingNoSpansReceived").labels.severity).toBe("critical");
  });

  test("export failures above 1 % of attempts to Elasticsearch (a failed bulk request counts: the writer reports success before sending)", () => {
    const expr = rule("TracingExportFailureRatioHigh").expr;
    expect(expr).toBe(
      '((sum(rate(otelcol_exporter_send_failed_spans_total{namespace="tracing",exporter="jaeger_storage_exporter"}[5m])) or vector(0)) + (sum(rate(jaeger_storage_bulk_index_errors_total{namespace="tracing"}[5m])) or vector(0))) / ' +
        'clamp_min((sum(rate(otelcol_exporter_sent_spans_total{namespace="tracing",exporter="jaeger_storage_exporter"}[5m])) or vector(0)) + (sum(rate(otelcol_exporter_send_failed_spans_total{namespace="tracing",exporter="jaeger_storage_exporter"}[5m])) or vector(0)), 1e-9) > 0.01',
    );
  });

  test("span drops above 0.1 %, counting refused, failed and queue-full spans", () => {
    const expr = rule("TracingSpanDropRatioHigh").expr;
    for (const metric of [METRICS.spansRefused, METRICS.spansFailed, METRICS.spansEnqueueFailed]) expect(expr).toContain(metric);
    expect(expr).toMatch(/> 0\.001$/);
  });

  test("collector latency above 10 ms and operation p99 above 200 ms", () => {
    expect(rule("TracingCollectorLatencyHigh").expr).toMatch(/^histogram_quantile\(0\.99, .*otelcol_processor_internal_duration_seconds_bucket.*\* 1000 > 10$/);
    expect(rule("TracedOperationLatencyHigh").expr).toMatch(
      /^histogram_quantile\(0\.99, sum by \(le, service_name, span_name\) .*traces_span_metrics_duration_milliseconds_bucket\{namespace="tracing",span_kind="SPAN_KIND_SERVER",genesis_sampling_reason!~"error\|slow\|critical"\}.*> 200$/,
    );
  });

  test("queues: any exporter's queue above 80 % of its capacity, and spans that found one full count as dropped", () => {
    expect(rule("TracingExportQueueNearFull").expr).toBe(
      'max by (exporter) (otelcol_exporter_queue_size{namespace="tracing"} / clamp_min(otelcol_exporter_queue_capacity{namespace="tracing"}, 1)) > 0.8',
    );
    expect(rule("TracingSpanDropRatioHigh").expr).toContain('otelcol_exporter_enqueue_failed_spans_total{namespace="tracing",exporter=~"jaeger_storage_exporter|loadbalancing"}');
  });

  test("Elasticsearch not green, and data disks above 80 % (below the 85 % watermark)", () => {
    // Absent health reads as not green: an exporter down must not hide a red cluster.
    expect(rule("TracingElasticsearchNotGreen").expr).toBe(
      '(max(elasticsearch_cluster_health_status{namespace="tracing",color="green"}) < 1) or absent(elasticsearch_cluster_health_status{namespace="tracing",color="green"})',
    );
    expect(rule("TracingElasticsearchDiskNearWatermark").expr).toMatch(/> 0\.8$/);
  });

  test("Elasticsearch's heap, write pool, ILM and high watermark: the exporter's series, with the labels that pick the right one", () => {
    // area="heap" (not non-heap), the write pool's rejections, an index in ILM's ERROR step or
    // ILM not RUNNING (or unreported), the cluster's high watermark or Elasticsearch's 90 %.
    expect(rule("TracingElasticsearchHeapHigh").expr).toBe(
      'max by (name) (elasticsearch_jvm_memory_used_bytes{namespace="tracing",area="heap"} / elasticsearch_jvm_memory_max_bytes{namespace="tracing",area="heap"}) > 0.85',
    );
    expect(rule("TracingElasticsearchWriteRejections").expr).toBe('sum by (name) (rate(elasticsearch_thread_pool_rejected_count{namespace="tracing",type="write"}[5m])) > 0');
    expect(rule("TracingElasticsearchIlmErrors").expr).toBe(
      '(count(elasticsearch_ilm_index_status{namespace="tracing",step="ERROR"}) > 0) or (max(elasticsearch_ilm_status{namespace="tracing",operation_mode="RUNNING"}) < 1) or absent(elasticsearch_ilm_status{namespace="tracing",operation_mode="RUNNING"})',
    );
    expect(rule("TracingElasticsearchDiskWatermarkReached").expr).toBe(
      'max by (name) (1 - elasticsearch_filesystem_data_available_bytes{namespace="tracing"} / elasticsearch_filesystem_data_size_bytes{namespace="tracing"}) >= on() group_left() (max(elasticsearch_clustersettings_allocation_watermark_high_ratio{namespace="tracing"}) or vector(0.9))',
    );
  });

  test("a scrape target down: up == 0, or no pod of the Deployment at all (its pods are <name>-<hash>-<suffix>)", () => {
    const down = (name: string) => `(up{namespace="tracing",pod=~"${name}-[a-z0-9]+-[a-z0-9]+"} == 0) or absent(up{namespace="tracing",pod=~"${name}-[a-z0-9]+-[a-z0-9]+"})`;
    expect(rule("TracingQueryDown").expr).toBe(down("jaeger-query"));
    expect(rule("TracingElasticsearchExporterDown").expr).toBe(down("elasticsearch-exporter"));
    const collectorMode = renderAlertRules(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" })).groups[0].rules;
    expect(collectorMode.find((r) => r.alert === "TracingGatewayDown")?.expr).toBe(down("otel-gateway"));
  });

  test("one rule group, named after the package", () => {
    expect(rules.groups.map((g) => g.name)).toStrictEqual(["genesis-tracing"]);
  });

  test("thresholds and the selector follow the settings", () => {
    const custom = renderAlertRules(resolveSettings("prod", { TRACING_ALERT_SELECTOR: 'job="jaeger"' }));
    expect(custom.groups[0].rules[0].expr).toContain('otelcol_receiver_accepted_spans_total{job="jaeger"}');
    const local = renderAlertRules(resolveSettings("local"));
    expect(local.groups[0].rules[0].expr).toContain('{job="genesis-tracing"}');
  });

  test("fails if the selector is not label matchers", () => {
    expect(() => resolveSettings("prod", { TRACING_ALERT_SELECTOR: 'job="x"} or vector(1) #' })).toThrow(/TRACING_ALERT_SELECTOR \(alerts\.selector\) must be PromQL label matchers/);
  });
});

describe("alert rules in collector sampling mode", () => {
  const collector = renderAlertRules(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" }));
  const local = renderAlertRules(resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" }));
  const named = (file: RuleFile, name: string) => file.groups[0].rules.find((r) => r.alert === name)!;
  const names = (file: RuleFile) => file.groups[0].rules.map((r) => r.alert);

  test("add tail-sampling alerts in both stacks, and gateway alerts where there is a gateway", () => {
    expect(ruleFileProblems(collector)).toEqual([]);
    const tailSampling = ["TracingTailSamplingDroppedTraces", "TracingTailSamplingBufferNearFull", "TracingTailSamplingLateSpans"];
    expect(names(collector).slice(-5)).toEqual([...tailSampling, "TracingGatewayExportFailing", "TracingGatewayNoCollectors"]);
    expect(names(local).slice(-3)).toEqual(tailSampling);
    expect(names(rules)).not.toContain("TracingTailSamplingDroppedTraces");
  });

  test("read only metrics the tail-sampling processor and the loadbalancing exporter define", () => {
    const known = Object.values(METRICS).flatMap((m) => [m, `${m}_bucket`, `${m}_count`]);
    for (const r of collector.groups[0].rules) for (const name of metricNames(r.expr)) expect({ alert: r.alert, name, known: known.includes(name) }).toEqual({ alert: r.alert, name, known: true });
  });

  test("traces evicted undecided are lost: any is critical; the buffer warns at 80 % of num_traces", () => {
    expect(named(collector, "TracingTailSamplingDroppedTraces").expr).toBe(
      'sum(rate(otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total{namespace="tracing"}[5m])) > 0',
    );
    // 3400 traces per collector at the default design rate (tail-sampling.test.ts).
    expect(named(collector, "TracingTailSamplingBufferNearFull").expr).toBe('max(otelcol_processor_tail_sampling_sampling_traces_on_memory{namespace="tracing"}) > 2720');
  });

  test("late spans per new trace above 5 %, and gateway sends failing above the export threshold", () => {
    const late = named(collector, "TracingTailSamplingLateSpans").expr;
    expect(late).toMatch(/^\(sum\(rate\(otelcol_processor_tail_sampling_early_releases_from_cache_decision_total\{namespace="tracing"\}\[5m\]\)\) or vector\(0\)\) \/ /);
    expect(late).toMatch(/otelcol_processor_tail_sampling_new_trace_id_received_total\{namespace="tracing"\}\[5m\]\)\) or vector\(0\)\), 1e-9\) > 0\.05$/);
    expect(named(collector, "TracingGatewayExportFailing").expr).toContain('otelcol_loadbalancer_backend_outcome_total{namespace="tracing",success="false"}');
    expect(named(collector, "TracingGatewayNoCollectors").expr).toBe(
      '(sum(rate(otelcol_loadbalancer_num_resolutions_total{namespace="tracing",success="false"}[5m])) > 0) or (min(otelcol_loadbalancer_num_backends{namespace="tracing"}) < 1)',
    );
  });

  test("the drop ratio is over spans: behind the gateway each span is received twice, so receptions are halved", () => {
    expect(named(collector, "TracingSpanDropRatioHigh").expr).toMatch(/ or vector\(0\)\)\) \/ 2, 1e-9\) > 0\.001$/);
    expect(named(local, "TracingSpanDropRatioHigh").expr).toMatch(/ or vector\(0\)\), 1e-9\) > 0\.001$/);
  });
});

describe("Grafana dashboard", () => {
  const dashboard: any = renderGrafanaDashboard(prod);
  const panel = (title: string) => dashboard.panels.find((p: any) => p.title === title);

  test("every query is valid PromQL over known metrics", () => {
    const known = Object.values(METRICS).flatMap((m) => [m, `${m}_bucket`]);
    for (const p of dashboard.panels) {
      for (const t of p.targets) {
        expect({ panel: p.title, errors: promqlErrors(t.expr) }).toEqual({ panel: p.title, errors: [] });
        for (const name of metricNames(t.expr)) expect(known).toContain(name);
      }
    }
  });

  test("shows spans received, refused and exported, export errors, queue, batch sizes, indexing and disk", () => {
    expect(dashboard.panels.map((p: any) => p.title)).toEqual(
      expect.arrayContaining([
        "Spans received per minute",
        "Spans refused / failed (per s)",
        "Spans exported to Elasticsearch (per s)",
        "Export failure ratio",
        "Export queue",
        "Batch size (p50, p99)",
        "Elasticsearch indexing rate (docs/s)",
        "Elasticsearch data disk used",
      ]),
    );
  });

  test("shows the signals of the Elasticsearch and scrape-target alerts, the heap threshold as a line", () => {
    const exprs = (title: string) => panel(title).targets.map((t: any) => t.expr).join(" ");
    expect(exprs("Elasticsearch JVM heap used")).toBe('max by (name) (elasticsearch_jvm_memory_used_bytes{namespace="tracing",area="heap"} / elasticsearch_jvm_memory_max_bytes{namespace="tracing",area="heap"})');
    expect(panel("Elasticsearch JVM heap used").fieldConfig.defaults.thresholds.steps[1].value).toBe(0.85);
    expect(exprs("Elasticsearch write rejections (per s)")).toContain('elasticsearch_thread_pool_rejected_count{namespace="tracing",type="write"}');
    expect(exprs("Indices in ILM error; ILM running")).toContain('elasticsearch_ilm_index_status{namespace="tracing",step="ERROR"}');
    expect(exprs("Elasticsearch high disk watermark")).toBe('max(elasticsearch_clustersettings_allocation_watermark_high_ratio{namespace="tracing"}) or vector(0.9)');
    expect(exprs("Scrape targets up (query, exporter, gateway)")).toBe('sum by (job) (up{namespace="tracing"})');
  });

  test("draws each alert threshold as a line", () => {
    const line = (title: string) => ({
      mode: panel(title).fieldConfig.defaults.custom.thresholdsStyle.mode,
      value: panel(title).fieldConfig.defaults.thresholds.steps[1]?.value,
    });
    expect(line("Export failure ratio")).toEqual({ mode: "line", value: 0.01 });
    expect(line("Collector processing latency p99")).toEqual({ mode: "line", value: 10 });
    expect(line("Traced operations p99 latency")).toEqual({ mode: "line", value: 200 });
    expect(line("Elasticsearch data disk used")).toEqual({ mode: "line", value: 0.8 });
    expect(line("Export queue")).toEqual({ mode: "off", value: undefined });
  });

  test("panels have unique ids and do not overlap", () => {
    const ids = dashboard.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = dashboard.panels.map((p: any) => `${p.gridPos.x},${p.gridPos.y}`);
    expect(new Set(cells).size).toBe(cells.length);
  });
});

describe("certificate expiry alerts", () => {
  const names = (file: RuleFile) => file.groups[0].rules.map((r) => r.alert);
  const named = (file: RuleFile, name: string) => file.groups[0].rules.find((r) => r.alert === name)!;
  const certManager = resolveSettings("prod", { TRACING_CERTIFICATES: "cert-manager" });
  const collector = { certificate: "jaeger-collector-tls", notAfterUnix: 1_900_000_000 };

  test("terraform mode: one warning at 14 days and one critical at 3, over the notAfter of every certificate the stack passes", () => {
    const file = renderAlertRules(prod, [collector, { certificate: "genesis-tracing-ca-blue", notAfterUnix: "${time_static.ca.unix}" }]);
    expect(ruleFileProblems(renderAlertRules(prod, [collector]))).toEqual([]);
    expect(names(file).slice(-2)).toEqual(["TracingCertificateExpiresSoon", "TracingCertificateExpiryCritical"]);
    expect(named(file, "TracingCertificateExpiresSoon").expr).toBe(
      '(label_replace(vector(1900000000), "certificate", "jaeger-collector-tls", "", "") or label_replace(vector(${time_static.ca.unix}), "certificate", "genesis-tracing-ca-blue", "", "")) - time() < 1209600',
    );
    expect(named(file, "TracingCertificateExpiryCritical")).toMatchObject({ labels: { severity: "critical" }, expr: expect.stringMatching(/ - time\(\) < 259200$/) });
    // Nothing to compare without an expiry: no rule that could never fire.
    expect(names(renderAlertRules(prod)).filter((n) => n.startsWith("TracingCertificate"))).toEqual([]);
  });

  test("cert-manager mode: cert-manager's expiry of the tracing namespace's Certificates, the CAs beside them, and an absence guard", () => {
    const file = renderAlertRules(certManager, [{ certificate: "genesis-tracing-ca-blue", notAfterUnix: 2_000_000_000 }]);
    expect(ruleFileProblems(file)).toEqual([]);
    expect(names(file).slice(-3)).toEqual(["TracingCertificateExpiresSoon", "TracingCertificateExpiryCritical", "TracingCertificateMetricsAbsent"]);
    const managed = 'certmanager_certificate_expiration_timestamp_seconds{namespace="tracing"} or certmanager_certificate_expiration_timestamp_seconds{exported_namespace="tracing"}';
    expect(named(file, "TracingCertificateExpiresSoon").expr).toBe(
      `(label_replace(${managed}, "certificate", "$1", "name", "(.*)") or label_replace(vector(2000000000), "certificate", "genesis-tracing-ca-blue", "", "")) - time() < 1209600`,
    );
    expect(named(file, "TracingCertificateMetricsAbsent").expr).toBe(`absent(${managed})`);
    const known = Object.values(METRICS).flatMap((m) => [m, `${m}_bucket`]);
    for (const r of file.groups[0].rules) for (const name of metricNames(r.expr)) expect({ alert: r.alert, name, known: known.includes(name) }).toEqual({ alert: r.alert, name, known: true });
    expect(named(file, "TracingCertificateExpiresSoon").annotations.description).toContain("cert-manager renews server certificates 30 days before expiry");
  });
});
