/**
 * Unit tests for every alert, in `promtool test rules` form: for each, series that make it
 * fire, series that keep it silent, and what it does when its source metrics are absent.
 * Series use the default prod selector (`namespace="tracing"`); counters are written as
 * Prometheus' expanding notation (`0+60x40`: +60 a minute, i.e. 1/s, for 25 minutes).
 */
import type { AlertRule } from "../../tracing/monitoring/alert-rules";

export interface SeriesSample {
  /** Metric and labels, without the selector's `namespace="tracing"`, which is added. */
  readonly series: string;
  readonly values: string;
}

export interface AlertExpectation {
  /** Labels the alert carries besides `alertname` and `severity`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** What the annotation templates expand to: `$value` as Prometheus prints it. */
  readonly value?: string;
}

export interface AlertCase {
  readonly name: string;
  readonly series: readonly SeriesSample[];
  /** The alerts expected at `EVAL_TIME`: none means silent. */
  readonly fires: readonly AlertExpectation[];
}

/** When every case is evaluated: past every rule's `for`. */
export const EVAL_TIME = "20m";

const counter = (perMinute: number) => `0+${perMinute}x25`;
const gauge = (value: number) => `${value}x25`;
const FIRES: readonly AlertExpectation[] = [{}];
const SILENT: readonly AlertExpectation[] = [];

/** A latency histogram whose every observation falls in one bucket (upper bounds ascending). */
function histogram(metric: string, labels: string, bounds: readonly string[], filled: string): SeriesSample[] {
  const at = bounds.indexOf(filled);
  return [...bounds, "+Inf"].map((le, i) => ({
    series: `${metric}_bucket{${labels}${labels ? "," : ""}le="${le}"}`,
    values: i >= at ? counter(60) : counter(0),
  }));
}

const server = 'span_kind="SPAN_KIND_SERVER",service_name="orders",span_name="submit"';
const operationBounds = ["50", "100", "250", "500"];

const node = 'cluster="genesis",name="genesis-es-default-0"';
const heap = (used: number) => [
  { series: `elasticsearch_jvm_memory_used_bytes{${node},area="heap"}`, values: gauge(used) },
  { series: `elasticsearch_jvm_memory_max_bytes{${node},area="heap"}`, values: gauge(100) },
];
const disk = (usedPercent: number) => [
  { series: `elasticsearch_filesystem_data_available_bytes{${node}}`, values: gauge(100 - usedPercent) },
  { series: `elasticsearch_filesystem_data_size_bytes{${node}}`, values: gauge(100) },
];
const ilmRunning = (mode: string) => ["RUNNING", "STOPPING", "STOPPED"].map((m) => ({ series: `elasticsearch_ilm_status{operation_mode="${m}"}`, values: gauge(m === mode ? 1 : 0) }));
const ilmIndex = (step: string) => ({ series: `elasticsearch_ilm_index_status{index="genesis-jaeger-span-000003",phase="hot",action="rollover",step="${step}"}`, values: gauge(1) });
/** `up` of one pod of a Deployment, at a value. */
const up = (pod: string, value: number) => ({ series: `up{job="${pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, "")}",pod="${pod}"}`, values: gauge(value) });
/** An alert on one pod's target: its `up` labels (the selector's too) as the alert carries them. */
const downPod = (pod: string): AlertExpectation => ({ labels: { job: pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, ""), pod, namespace: "tracing" } });
const notScraped: readonly AlertExpectation[] = [{ labels: { namespace: "tracing" } }];

export const ALERT_CASES: Readonly<Record<string, readonly AlertCase[]>> = {
  TracingElasticsearchHeapHigh: [
    { name: "90 % of the heap held", series: heap(90), fires: [{ labels: { name: "genesis-es-default-0" } }] },
    { name: "60 % of the heap held", series: heap(60), fires: SILENT },
    // TracingElasticsearchNotGreen and TracingElasticsearchExporterDown speak then.
    { name: "the exporter's metrics are absent", series: [], fires: SILENT },
  ],
  TracingElasticsearchWriteRejections: [
    {
      name: "the write pool rejects a request a minute",
      series: [{ series: `elasticsearch_thread_pool_rejected_count{${node},type="write"}`, values: counter(1) }],
      fires: [{ labels: { name: "genesis-es-default-0" } }],
    },
    {
      name: "only the search pool rejects",
      series: [
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="write"}`, values: gauge(7) },
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="search"}`, values: counter(10) },
      ],
      fires: SILENT,
    },
    { name: "the exporter's metrics are absent", series: [], fires: SILENT },
  ],
  TracingElasticsearchIlmErrors: [
    { name: "an index in ILM's ERROR step", series: [...ilmRunning("RUNNING"), ilmIndex("ERROR")], fires: FIRES },
    { name: "ILM stopped", series: [...ilmRunning("STOPPED"), ilmIndex("check-rollover-ready")], fires: FIRES },
    { name: "ILM running, every index on an ordinary step", series: [...ilmRunning("RUNNING"), ilmIndex("check-rollover-ready")], fires: SILENT },
    // The exporter without --collector.ilm or read_ilm: retention is unwatched.
    { name: "the ILM metrics are absent", series: [], fires: [{ labels: { namespace: "tracing", operation_mode: "RUNNING" } }] },
  ],
  TracingElasticsearchDiskWatermarkReached: [
    { name: "a disk 91 % used, the default high watermark", series: disk(91), fires: [{ labels: { name: "genesis-es-default-0" } }] },
    { name: "a disk 85 % used", series: disk(85), fires: SILENT },
    {
      name: "a disk 85 % used under a high watermark set to 80 %",
      series: [...disk(85), { series: "elasticsearch_clustersettings_allocation_watermark_high_ratio", values: gauge(0.8) }],
      fires: [{ labels: { name: "genesis-es-default-0" } }],
    },
    { name: "the exporter's metrics are absent", series: [], fires: SILENT },
  ],
  TracingQueryDown: [
    { name: "one query pod does not answer its scrape", series: [up("jaeger-query-6d4cf56db6-x7k2p", 0), up("jaeger-query-6d4cf56db6-b9q4m", 1)], fires: [downPod("jaeger-query-6d4cf56db6-x7k2p")] },
    { name: "both query pods answer", series: [up("jaeger-query-6d4cf56db6-x7k2p", 1), up("jaeger-query-6d4cf56db6-b9q4m", 1)], fires: SILENT },
    // A collector down is not query's: the pod name picks the Deployment.
    { name: "a collector pod is down, query is up", series: [up("jaeger-collector-5f9c7d8b4-q2w3e", 0), up("jaeger-query-6d4cf56db6-b9q4m", 1)], fires: SILENT },
    { name: "no query target is scraped", series: [], fires: notScraped },
  ],
  TracingElasticsearchExporterDown: [
    { name: "the exporter does not answer its scrape", series: [up("elasticsearch-exporter-7b8d9f6c5-h4j5k", 0)], fires: [downPod("elasticsearch-exporter-7b8d9f6c5-h4j5k")] },
    { name: "the exporter answers", series: [up("elasticsearch-exporter-7b8d9f6c5-h4j5k", 1)], fires: SILENT },
    { name: "no exporter target is scraped", series: [], fires: notScraped },
  ],
  TracingGatewayDown: [
    { name: "one gateway pod does not answer its scrape", series: [up("otel-gateway-8c7b6a5d4-m1n2b", 0), up("otel-gateway-8c7b6a5d4-v3c4x", 1)], fires: [downPod("otel-gateway-8c7b6a5d4-m1n2b")] },
    { name: "both gateway pods answer", series: [up("otel-gateway-8c7b6a5d4-m1n2b", 1), up("otel-gateway-8c7b6a5d4-v3c4x", 1)], fires: SILENT },
    { name: "no gateway target is scraped", series: [], fires: notScraped },
  ],
  TracingNoSpansReceived: [
    { name: "spans stopped arriving", series: [{ series: "otelcol_receiver_accepted_spans_total", values: gauge(1000) }], fires: FIRES },
    { name: "10 spans/s arrive", series: [{ series: "otelcol_receiver_accepted_spans_total", values: counter(600) }], fires: SILENT },
    // absent() carries the selector's labels.
    { name: "the collectors' metrics are absent", series: [], fires: [{ labels: { namespace: "tracing" } }] },
  ],
  TracingExportFailureRatioHigh: [
    {
      name: "10 % of spans fail to export",
      series: [
        { series: 'otelcol_exporter_sent_spans_total{exporter="jaeger_storage_exporter"}', values: counter(540) },
        { series: 'otelcol_exporter_send_failed_spans_total{exporter="jaeger_storage_exporter"}', values: counter(60) },
      ],
      fires: FIRES,
    },
    { name: "none fails", series: [{ series: 'otelcol_exporter_sent_spans_total{exporter="jaeger_storage_exporter"}', values: counter(600) }], fires: SILENT },
    {
      // The exporter saw success; Elasticsearch refused the bulk request afterwards.
      name: "5 % of spans fail in Elasticsearch's bulk requests",
      series: [
        { series: 'otelcol_exporter_sent_spans_total{exporter="jaeger_storage_exporter"}', values: counter(600) },
        { series: "jaeger_storage_bulk_index_errors_total", values: counter(30) },
      ],
      fires: FIRES,
    },
    // No exporter metrics means no spans: TracingNoSpansReceived speaks then.
    { name: "the exporter's metrics are absent", series: [], fires: SILENT },
  ],
  TracingSpanDropRatioHigh: [
    {
      name: "1 % of spans refused",
      series: [
        { series: "otelcol_receiver_accepted_spans_total", values: counter(594) },
        { series: "otelcol_receiver_refused_spans_total", values: counter(6) },
      ],
      fires: FIRES,
    },
    { name: "none refused", series: [{ series: "otelcol_receiver_accepted_spans_total", values: counter(600) }], fires: SILENT },
    { name: "the receiver's metrics are absent", series: [], fires: SILENT },
  ],
  TracingCollectorLatencyHigh: [
    { name: "p99 processing at 50 ms", series: histogram("otelcol_processor_internal_duration_seconds", "", ["0.005", "0.025", "0.05"], "0.05"), fires: FIRES },
    { name: "p99 processing under 5 ms", series: histogram("otelcol_processor_internal_duration_seconds", "", ["0.005", "0.025", "0.05"], "0.005"), fires: SILENT },
    { name: "the processor histogram is absent", series: [], fires: SILENT },
  ],
  TracedOperationLatencyHigh: [
    {
      name: "p99 of orders submit at 497.5 ms",
      series: histogram("traces_span_metrics_duration_milliseconds", server, operationBounds, "500"),
      fires: [{ labels: { service_name: "orders", span_name: "submit" }, value: "497.5" }],
    },
    { name: "p99 under 50 ms", series: histogram("traces_span_metrics_duration_milliseconds", server, operationBounds, "50"), fires: SILENT },
    {
      // The SDK kept every slow span and 1 % of the rest: the sample's p99 is the rule's, not the traffic's.
      name: "only the spans kept because they were slow are slow",
      series: [
        ...histogram("traces_span_metrics_duration_milliseconds", `${server},genesis_sampling_reason="slow"`, operationBounds, "500"),
        ...histogram("traces_span_metrics_duration_milliseconds", server, operationBounds, "50"),
      ],
      fires: SILENT,
    },
    { name: "span metrics are absent (TracingSpanMetricsAbsent speaks)", series: [], fires: SILENT },
  ],
  TracingSpanMetricsAbsent: [
    { name: "span metrics are not scraped", series: [], fires: [{ labels: { namespace: "tracing" } }] },
    { name: "span metrics are scraped", series: [{ series: `traces_span_metrics_calls_total{${server}}`, values: counter(60) }], fires: SILENT },
  ],
  TracingElasticsearchNotGreen: [
    { name: "the cluster is yellow", series: [{ series: 'elasticsearch_cluster_health_status{color="green"}', values: gauge(0) }], fires: FIRES },
    { name: "the cluster is green", series: [{ series: 'elasticsearch_cluster_health_status{color="green"}', values: gauge(1) }], fires: SILENT },
    // Before the absence guard this stayed silent: an exporter down hid a red cluster.
    { name: "the exporter's metrics are absent", series: [], fires: [{ labels: { namespace: "tracing", color: "green" } }] },
  ],
  TracingElasticsearchDiskNearWatermark: [
    {
      name: "a disk 90 % used",
      series: [
        { series: 'elasticsearch_filesystem_data_available_bytes{name="es-0"}', values: gauge(10) },
        { series: 'elasticsearch_filesystem_data_size_bytes{name="es-0"}', values: gauge(100) },
      ],
      fires: FIRES,
    },
    {
      name: "a disk half used",
      series: [
        { series: 'elasticsearch_filesystem_data_available_bytes{name="es-0"}', values: gauge(50) },
        { series: 'elasticsearch_filesystem_data_size_bytes{name="es-0"}', values: gauge(100) },
      ],
      fires: SILENT,
    },
    // The exporter's absence is TracingElasticsearchNotGreen's.
    { name: "the exporter's metrics are absent", series: [], fires: SILENT },
  ],
  TracingExportQueueNearFull: [
    {
      name: "the storage queue 90 % full",
      series: [
        { series: 'otelcol_exporter_queue_size{exporter="jaeger_storage_exporter"}', values: gauge(900) },
        { series: 'otelcol_exporter_queue_capacity{exporter="jaeger_storage_exporter"}', values: gauge(1000) },
      ],
      fires: [{ labels: { exporter: "jaeger_storage_exporter" } }],
    },
    {
      name: "the storage queue 10 % full",
      series: [
        { series: 'otelcol_exporter_queue_size{exporter="jaeger_storage_exporter"}', values: gauge(100) },
        { series: 'otelcol_exporter_queue_capacity{exporter="jaeger_storage_exporter"}', values: gauge(1000) },
      ],
      fires: SILENT,
    },
    { name: "the queue metrics are absent", series: [], fires: SILENT },
  ],
  TracingTailSamplingDroppedTraces: [
    { name: "traces evicted undecided", series: [{ series: "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total", values: counter(1) }], fires: FIRES },
    { name: "none evicted", series: [{ series: "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total", values: gauge(0) }], fires: SILENT },
    { name: "the processor's metrics are absent", series: [], fires: SILENT },
  ],
  TracingTailSamplingBufferNearFull: [
    { name: "3000 of 3400 traces held", series: [{ series: "otelcol_processor_tail_sampling_sampling_traces_on_memory", values: gauge(3000) }], fires: FIRES },
    { name: "100 traces held", series: [{ series: "otelcol_processor_tail_sampling_sampling_traces_on_memory", values: gauge(100) }], fires: SILENT },
    { name: "the processor's metrics are absent", series: [], fires: SILENT },
  ],
  TracingTailSamplingLateSpans: [
    {
      name: "one late span per ten traces",
      series: [
        { series: 'otelcol_processor_tail_sampling_early_releases_from_cache_decision_total{sampled="true"}', values: counter(60) },
        { series: "otelcol_processor_tail_sampling_new_trace_id_received_total", values: counter(600) },
      ],
      fires: FIRES,
    },
    {
      name: "one late span per hundred traces",
      series: [
        { series: 'otelcol_processor_tail_sampling_early_releases_from_cache_decision_total{sampled="true"}', values: counter(6) },
        { series: "otelcol_processor_tail_sampling_new_trace_id_received_total", values: counter(600) },
      ],
      fires: SILENT,
    },
    { name: "the processor's metrics are absent", series: [], fires: SILENT },
  ],
  TracingGatewayExportFailing: [
    {
      name: "10 % of sends to collectors fail",
      series: [
        { series: 'otelcol_loadbalancer_backend_outcome_total{endpoint="10.0.0.1:4317",success="true"}', values: counter(54) },
        { series: 'otelcol_loadbalancer_backend_outcome_total{endpoint="10.0.0.2:4317",success="false"}', values: counter(6) },
      ],
      fires: FIRES,
    },
    { name: "every send succeeds", series: [{ series: 'otelcol_loadbalancer_backend_outcome_total{endpoint="10.0.0.1:4317",success="true"}', values: counter(60) }], fires: SILENT },
    { name: "the gateway's metrics are absent (TracingNoSpansReceived speaks)", series: [], fires: SILENT },
  ],
  TracingGatewayNoCollectors: [
    {
      name: "the headless name stops resolving (the backend gauge keeps its last value)",
      series: [
        { series: 'otelcol_loadbalancer_num_resolutions_total{resolver="dns",success="false"}', values: counter(12) },
        { series: 'otelcol_loadbalancer_num_backends{resolver="dns"}', values: gauge(2) },
      ],
      fires: FIRES,
    },
    {
      name: "two collectors resolve",
      series: [
        { series: 'otelcol_loadbalancer_num_resolutions_total{resolver="dns",success="true"}', values: counter(12) },
        { series: 'otelcol_loadbalancer_num_backends{resolver="dns"}', values: gauge(2) },
      ],
      fires: SILENT,
    },
    { name: "the resolver reports no collector", series: [{ series: 'otelcol_loadbalancer_num_backends{resolver="dns"}', values: gauge(0) }], fires: FIRES },
  ],
};

/** The alerts on certificate expiry; in `terraform` mode their data is in the rule itself (`EXPIRY_CASES`). */
export const CERTIFICATE_ALERTS = ["TracingCertificateExpiresSoon", "TracingCertificateExpiryCritical"] as const;

const DAY = 86400;
/** A `notAfter` so many days after `EVAL_TIME` (promtool's clock starts at 0). */
export const expiringIn = (days: number) => 20 * 60 + days * DAY;
/** Where promtool puts the expiries Terraform writes at apply time, when a case does not choose them. */
export const FAR_FUTURE = expiringIn(3650);

/** One Certificate as cert-manager's controller reports it, in the default tracing namespace. */
const managed = (name: string, days: number): SeriesSample => ({
  series: `certmanager_certificate_expiration_timestamp_seconds{name="${name}",issuer_name="genesis-tracing-ca-blue",issuer_kind="Issuer",issuer_group="cert-manager.io"}`,
  values: gauge(expiringIn(days)),
});
const managedLabels = (name: string) => ({ certificate: name, name, namespace: "tracing", issuer_name: "genesis-tracing-ca-blue", issuer_kind: "Issuer", issuer_group: "cert-manager.io" });

/** `cert-manager` mode: the cases run against its prod rules, the CAs' expiries far away. */
export const CERTIFICATE_CASES: Readonly<Record<string, readonly AlertCase[]>> = {
  TracingCertificateExpiresSoon: [
    { name: "a certificate 13 days from expiry (cert-manager has not renewed it)", series: [managed("jaeger-collector-tls-cm", 13)], fires: [{ labels: managedLabels("jaeger-collector-tls-cm") }] },
    { name: "a certificate 20 days from expiry", series: [managed("jaeger-collector-tls-cm", 20)], fires: SILENT },
    { name: "a certificate 2 days from expiry", series: [managed("jaeger-query-tls-cm", 2)], fires: [{ labels: managedLabels("jaeger-query-tls-cm") }] },
    // Only the CAs are then watched.
    { name: "cert-manager's metrics are absent (TracingCertificateMetricsAbsent speaks)", series: [], fires: SILENT },
  ],
  TracingCertificateExpiryCritical: [
    { name: "a certificate 2 days from expiry", series: [managed("jaeger-query-tls-cm", 2)], fires: [{ labels: managedLabels("jaeger-query-tls-cm") }] },
    { name: "a certificate 13 days from expiry", series: [managed("jaeger-collector-tls-cm", 13)], fires: SILENT },
    { name: "cert-manager's metrics are absent (TracingCertificateMetricsAbsent speaks)", series: [], fires: SILENT },
  ],
  TracingCertificateMetricsAbsent: [
    { name: "cert-manager's metrics are not scraped", series: [], fires: FIRES },
    { name: "cert-manager's metrics are scraped", series: [managed("jaeger-collector-tls-cm", 60)], fires: SILENT },
  ],
};

/**
 * `terraform` mode: the expiries are numbers in the rule, written at apply; no series can be
 * absent. One rule file with a certificate at each distance, and which alert fires for which.
 */
export const EXPIRY_CASE = {
  expiries: [
    { certificate: "in-13-days", notAfterUnix: expiringIn(13) },
    { certificate: "in-20-days", notAfterUnix: expiringIn(20) },
    { certificate: "in-2-days", notAfterUnix: expiringIn(2) },
  ],
  fires: { TracingCertificateExpiresSoon: ["in-13-days", "in-2-days"], TracingCertificateExpiryCritical: ["in-2-days"] },
} as const;

/** `text` with Prometheus' `{{ $labels.x }}` and `{{ $value }}` expanded as the case expects. */
export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, value: string | undefined): string {
  return text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, key: string) => labels[key] ?? "").replace(/\{\{ \$value \}\}/g, () => {
    if (value === undefined) throw new Error(`a case of an alert whose text shows $value must state the value: ${text}`);
    return value;
  });
}

/** The `promtool test rules` file for `rules`, with the selector's label on every series. */
export function promtoolTests(ruleFile: string, rules: readonly AlertRule[], selectorLabel: string, cases: Readonly<Record<string, readonly AlertCase[]>> = ALERT_CASES): object {
  const withSelector = (series: string) => {
    const brace = series.indexOf("{");
    return brace < 0 ? `${series}{${selectorLabel}}` : `${series.slice(0, brace + 1)}${selectorLabel},${series.slice(brace + 1)}`;
  };
  return {
    rule_files: [ruleFile],
    // Every 5 minutes: each rule's `for` is reached by EVAL_TIME, and promtool's work halves.
    evaluation_interval: "5m",
    tests: rules.flatMap((rule) =>
      (cases[rule.alert] ?? []).map((c) => ({
        name: `${rule.alert}: ${c.name}`,
        interval: "1m",
        input_series: c.series.map((s) => ({ series: withSelector(s.series), values: s.values })),
        alert_rule_test: [
          {
            eval_time: EVAL_TIME,
            alertname: rule.alert,
            exp_alerts: c.fires.map((expected) => {
              const labels = { severity: rule.labels.severity, ...expected.labels };
              return {
                exp_labels: labels,
                exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expandTemplate(v, labels, expected.value)])),
              };
            }),
          },
        ],
      })),
    ),
  };
}

/** How long the healthy deploy runs, in minutes, and when every alert is asked (the `for`s passed). */
export const HEALTHY_MINUTES = 180;
export const HEALTHY_EVAL_TIMES = ["30m", "1h30m", "3h"] as const;

/** A series with every label written out (a scrape target's and the metric's own). */
export interface LabelledSeries {
  readonly series: string;
  readonly values: string;
}

const steady = (value: number) => `${value}x${HEALTHY_MINUTES}`;
const rising = (perMinute: number) => `0+${perMinute}x${HEALTHY_MINUTES}`;
/** A histogram whose every observation falls in its first bucket. */
const fast = (metric: string, labels: string, bounds: readonly string[]): [string, string][] =>
  [...bounds, "+Inf"].map((le) => [`${metric}_bucket{${labels}${labels ? "," : ""}le="${le}"}`, rising(60)]);

/**
 * What each metrics port of a healthy deploy serves, by `<workload>:<port name>`: 10 spans/s
 * accepted and stored, none refused or failed, queues nearly empty, fast operations, a green
 * cluster with half its heap and 30 % of its disk used, ILM running. A port the scrape config
 * misses serves nothing, and the alerts that watch it speak: that is what this proves.
 */
/** Tail sampling in collector mode: a buffer far from full, nothing dropped or late. */
const HEALTHY_TAIL_SAMPLING: readonly [string, string][] = [
  ["otelcol_processor_tail_sampling_sampling_traces_on_memory", steady(100)],
  ["otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total", steady(0)],
  ["otelcol_processor_tail_sampling_new_trace_id_received_total", rising(600)],
];

const HEALTHY_PORTS: Readonly<Record<string, readonly [string, string][]>> = {
  "jaeger-collector:metrics": [
    ["otelcol_receiver_accepted_spans_total", rising(600)],
    ["otelcol_receiver_refused_spans_total", steady(0)],
    ['otelcol_exporter_sent_spans_total{exporter="jaeger_storage_exporter"}', rising(600)],
    ['otelcol_exporter_send_failed_spans_total{exporter="jaeger_storage_exporter"}', steady(0)],
    ['otelcol_exporter_queue_size{exporter="jaeger_storage_exporter"}', steady(10)],
    ['otelcol_exporter_queue_capacity{exporter="jaeger_storage_exporter"}', steady(1000)],
    ...fast("otelcol_processor_internal_duration_seconds", "", ["0.005", "0.025", "0.05"]),
  ],
  "otel-gateway:metrics": [
    ["otelcol_receiver_accepted_spans_total", rising(600)],
    ['otelcol_exporter_queue_size{exporter="loadbalancing"}', steady(5)],
    ['otelcol_exporter_queue_capacity{exporter="loadbalancing"}', steady(1000)],
    ['otelcol_loadbalancer_backend_outcome_total{endpoint="10.0.0.1:4317",success="true"}', rising(60)],
    ['otelcol_loadbalancer_num_resolutions_total{resolver="dns",success="true"}', rising(2)],
    ['otelcol_loadbalancer_num_backends{resolver="dns"}', steady(2)],
  ],
  "jaeger-collector:span-metrics": [
    [`traces_span_metrics_calls_total{${server}}`, rising(600)],
    ...fast("traces_span_metrics_duration_milliseconds", server, operationBounds),
  ],
  "elasticsearch-exporter:metrics": [
    ['elasticsearch_cluster_health_status{color="green"}', steady(1)],
    ...(["RUNNING", "STOPPING", "STOPPED"] as const).map((mode): [string, string] => [`elasticsearch_ilm_status{operation_mode="${mode}"}`, steady(mode === "RUNNING" ? 1 : 0)]),
    ['elasticsearch_ilm_index_status{index="genesis-jaeger-span-000003",phase="hot",action="rollover",step="check-rollover-ready"}', steady(1)],
    [`elasticsearch_jvm_memory_used_bytes{${node},area="heap"}`, steady(50)],
    [`elasticsearch_jvm_memory_max_bytes{${node},area="heap"}`, steady(100)],
    [`elasticsearch_thread_pool_rejected_count{${node},type="write"}`, steady(0)],
    [`elasticsearch_filesystem_data_available_bytes{${node}}`, steady(70)],
    [`elasticsearch_filesystem_data_size_bytes{${node}}`, steady(100)],
  ],
};
const spanMetrics = HEALTHY_PORTS["jaeger-collector:span-metrics"];

/**
 * The series of a healthy deploy scraped through `targets` (what the scrape config keeps, with
 * its labels): `up` 1 for each, and what its port serves. A Deployment's pod is named
 * `<workload>-<ReplicaSet hash>-<suffix>`. The collectors always report tail sampling here (in
 * sdk mode no rule reads it), and the gateway serves the span metrics in collector mode.
 */
export function healthySeries(targets: readonly Readonly<Record<string, string>>[]): LabelledSeries[] {
  return targets.flatMap((target) => {
    const workload = target.pod;
    const labels = { ...target, pod: `${workload}-5f9c7d8b4-x7k2p` };
    const served: Readonly<Record<string, readonly [string, string][]>> = {
      ...HEALTHY_PORTS,
      "jaeger-collector:metrics": [...HEALTHY_PORTS["jaeger-collector:metrics"], ...HEALTHY_TAIL_SAMPLING],
      "otel-gateway:span-metrics": spanMetrics,
    };
    return [["up", steady(1)] as const, ...(served[`${workload}:${target.endpoint}`] ?? [])].map(([series, values]) => ({ series: withLabels(series, labels), values }));
  });
}

/**
 * `metric{a="b"}` as scraped from a target with `labels`: a label of the metric's own that the
 * target also sets becomes `exported_<name>` (`honor_labels: false`, Prometheus' default), as the
 * gateway's `endpoint` does beside the target's.
 */
function withLabels(series: string, labels: Readonly<Record<string, string>>): string {
  const brace = series.indexOf("{");
  const metric = brace < 0 ? series : series.slice(0, brace);
  const own = brace < 0 ? "" : series.slice(brace + 1, -1);
  const renamed = own.replace(/(^|,)(\w+)=/g, (match, comma: string, name: string) => (name in labels ? `${comma}exported_${name}=` : match));
  const added = Object.entries(labels)
    .filter(([name]) => !name.startsWith("__"))
    .map(([name, value]) => `${name}="${value}"`);
  return `${metric}{${[renamed, ...added].filter(Boolean).join(",")}}`;
}

/** `promtool test rules` for a healthy deploy: every alert of `rules`, at each of `HEALTHY_EVAL_TIMES`, fires nothing. */
export function healthyTests(ruleFile: string, rules: readonly AlertRule[], series: readonly LabelledSeries[], name: string): object {
  return {
    rule_files: [ruleFile],
    evaluation_interval: "5m",
    tests: [
      {
        name,
        interval: "1m",
        input_series: series,
        alert_rule_test: HEALTHY_EVAL_TIMES.flatMap((eval_time) => rules.map((rule) => ({ eval_time, alertname: rule.alert, exp_alerts: [] }))),
      },
    ],
  };
}
