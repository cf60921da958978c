/**
 * Alerts on the health of the tracing system itself, with the guide's thresholds, as a
 * Prometheus rule file. Metric names are those Jaeger v2.20 (OpenTelemetry Collector
 * v0.155 internal telemetry on :8888, `spanmetrics` on :8889) and prometheus-community's
 * elasticsearch_exporter expose; see METRICS for the source of each.
 */
import type { KnownExpiry } from "../topology/certificates";
import { localTargetLabels } from "./local-prometheus";
import { backendComponents, type ComponentId } from "../topology/components";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";
import { LOAD_BALANCING_EXPORTER } from "../pipeline/gateway-config";
import { STORAGE_EXPORTER } from "../pipeline/jaeger-config";
import { SAMPLING_REASON_LABEL, spanMetricsAt, UNBIASED_MATCHER } from "../pipeline/sampling";
import { tailSamplingSizing } from "../pipeline/tail-sampling";

/** Every metric the rules and the dashboard read, with where upstream defines it. */
export const METRICS = {
  spansAccepted: "otelcol_receiver_accepted_spans_total", // collector receiver/receiverhelper/metadata.yaml
  spansRefused: "otelcol_receiver_refused_spans_total", // same
  spansFailed: "otelcol_receiver_failed_spans_total", // same (counted behind an alpha feature gate)
  spansSent: "otelcol_exporter_sent_spans_total", // exporter/exporterhelper/metadata.yaml
  spansSendFailed: "otelcol_exporter_send_failed_spans_total", // same
  spansEnqueueFailed: "otelcol_exporter_enqueue_failed_spans_total", // same
  queueSize: "otelcol_exporter_queue_size", // same
  queueCapacity: "otelcol_exporter_queue_capacity", // same
  batchSendSize: "otelcol_processor_batch_batch_send_size", // processor/batchprocessor metadata (histogram)
  processorDuration: "otelcol_processor_internal_duration_seconds", // processor/processorhelper metadata (histogram, detailed level)
  operationDuration: "traces_span_metrics_duration_milliseconds", // contrib connector/spanmetricsconnector (histogram)
  operationCalls: "traces_span_metrics_calls_total", // same (counter), through the prometheus exporter's `_total`
  bulkIndexInserts: "jaeger_storage_bulk_index_inserts_total", // jaeger internal/storage/elasticsearch/esclient/bulk_indexer.go
  bulkIndexErrors: "jaeger_storage_bulk_index_errors_total", // same
  clusterHealth: "elasticsearch_cluster_health_status", // elasticsearch_exporter metrics.md
  diskAvailable: "elasticsearch_filesystem_data_available_bytes", // elasticsearch_exporter collector/nodes.go
  diskSize: "elasticsearch_filesystem_data_size_bytes", // same
  indexingTotal: "elasticsearch_indices_indexing_index_total", // same
  // elasticsearch_exporter v1.11.0 collector/nodes.go (default collector; `--es.all` for every node):
  // labels cluster, host, name, es_*_node, and `area` ("heap", "non-heap") or `type` (the pool).
  heapUsed: "elasticsearch_jvm_memory_used_bytes", // Gauge, area="heap"
  heapMax: "elasticsearch_jvm_memory_max_bytes", // Gauge, area="heap"
  threadPoolRejected: "elasticsearch_thread_pool_rejected_count", // Counter, type="write"
  // elasticsearch_exporter v1.11.0 collector/ilm.go, only with `--collector.ilm`; reads
  // `/_all/_ilm/explain` (index privilege view_index_metadata) and `/_ilm/status` (cluster read_ilm).
  ilmIndexStatus: "elasticsearch_ilm_index_status", // Gauge 1 if managed, labels index, phase, action, step ("ERROR" when a step failed)
  ilmStatus: "elasticsearch_ilm_status", // Gauge 1 for the current operation_mode of RUNNING, STOPPING, STOPPED
  // elasticsearch_exporter v1.11.0 collector/cluster_settings.go, only with `--collector.clustersettings`
  // (`GET _cluster/settings?include_defaults`, cluster `monitor`); no labels; absent when the
  // watermark is set in bytes (then `..._high_bytes`).
  watermarkHighRatio: "elasticsearch_clustersettings_allocation_watermark_high_ratio",
  // Prometheus itself, per scrape target: 0 when the scrape failed.
  up: "up",
  // contrib v0.155.0 processor/tailsamplingprocessor metadata.yaml (`collector` sampling mode)
  tracesDroppedTooEarly: "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total", // Sum {traces}
  tracesOnMemory: "otelcol_processor_tail_sampling_sampling_traces_on_memory", // Gauge {traces}
  newTraces: "otelcol_processor_tail_sampling_new_trace_id_received_total", // Sum {traces}
  // Spans that arrive after their trace's decision: with the decision caches on, every one
  // takes the cache path (the processor's late-span-age histogram then stays empty).
  lateSpans: "otelcol_processor_tail_sampling_early_releases_from_cache_decision_total", // Sum {spans}, attribute sampled
  // contrib v0.155.0 exporter/loadbalancingexporter metadata.yaml (the gateway)
  backendOutcomes: "otelcol_loadbalancer_backend_outcome_total", // Sum {outcomes}, attributes endpoint, success
  backends: "otelcol_loadbalancer_num_backends", // Gauge {backends}, attribute resolver; set only when the list changes
  resolutions: "otelcol_loadbalancer_num_resolutions_total", // Sum {resolutions}, attributes resolver, success
  // cert-manager v1.16-v1.21 controller on :9402 (`cert-manager` mode): pkg/metrics/metrics.go up to
  // v1.18, internal/collectors/certificate_collector.go from v1.19; labels name, namespace,
  // issuer_name, issuer_kind, issuer_group; from the Certificate's status.notAfter.
  certificateExpiration: "certmanager_certificate_expiration_timestamp_seconds",
} as const;

/** TracingCertificateExpiresSoon fires this many days before a server certificate or CA expires. */
export const CERTIFICATE_WARNING_DAYS = 14;
/** TracingCertificateExpiryCritical fires this many days before. */
export const CERTIFICATE_CRITICAL_DAYS = 3;

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: "warning" | "critical" };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook?: string };
}

export interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly AlertRule[] }[];
}

/**
 * Labels the rules themselves match or aggregate on: a selector matcher on one of them would
 * contradict the rule's own (`color="red"` beside `color="green"`) and mute it without error.
 */
export const RULE_LABELS = ["exporter", "span_kind", "color", "le", "service_name", "span_name", "success", SAMPLING_REASON_LABEL] as const;

/** Where each alert's runbook is: a heading per alert in docs/monitoring.md (its GitHub anchor is the alert's name in lower case). */
export const RUNBOOK_BASE = "docs/monitoring.md#";
export const runbookAnchor = (alert: string) => alert.toLowerCase();

/**
 * What each critical alert watches that an ordinary rolling restart takes down, one pod or node
 * at a time: its `for` must outlast the replacement of one (test/unit/alert-rollout.test.ts
 * derives that from the synthesized Deployments and Elasticsearch nodes). `[]`: nothing a
 * restart changes moves the alert's expression (certificate dates, disk use).
 */
export const CRITICAL_ALERT_WATCHES: Readonly<Record<string, readonly (ComponentId | "elasticsearch")[]>> = {
  TracingNoSpansReceived: ["collector", "gateway"],
  TracingExportFailureRatioHigh: ["collector"],
  TracingElasticsearchNotGreen: ["elasticsearch", "elasticsearchExporter"],
  TracingElasticsearchDiskWatermarkReached: [],
  TracingGatewayDown: ["gateway"],
  TracingTailSamplingDroppedTraces: ["collector"],
  TracingGatewayExportFailing: ["collector"],
  TracingGatewayNoCollectors: ["collector"],
  TracingCertificateExpiryCritical: [],
};

/** Elasticsearch's default high disk watermark (`cluster.routing.allocation.disk.watermark.high`), when the exporter reports none as a ratio. */
export const DEFAULT_HIGH_WATERMARK = 0.9;

/** Share of a queue's capacity above which it is close to dropping. */
const QUEUE_NEAR_FULL = 0.8;
/** Late spans per new trace above which `decision_wait` is too short for the traffic. */
const LATE_SPANS_PER_TRACE = 0.05;

/** PromQL pieces over this backend's series only. */
export function promql(settings: TracingSettings) {
  const sel = (extra = "") => `{${[settings.alerts.selector, extra].filter(Boolean).join(",")}}`;
  const rate = (metric: string, extra = "") => `sum(rate(${metric}${sel(extra)}[5m]))`;
  // A counter that is not exported yet must count as zero, not hide the whole expression.
  const rateOrZero = (metric: string, extra = "") => `(${rate(metric, extra)} or vector(0))`;
  return { sel, rate, rateOrZero };
}

/** Where the span metrics are scraped from, in this stack and mode. */
function spanMetricsScrape(settings: TracingSettings): string {
  if (settings.stack === "local") return `The bundled Prometheus scrapes the collector's span metrics (job ${localTargetLabels(settings).job}); check its targets at http://127.0.0.1:${settings.hostPorts.prometheus}/targets.`;
  const where = spanMetricsAt(settings) === "gateway" ? "the gateway" : "the collectors";
  return `Scrape port ${PORTS.spanMetrics} of ${where} (its ServiceMonitor with TRACING_PROMETHEUS_OPERATOR=true; otherwise the job of examples/<scenario>/prometheus-scrape.yaml, which keeps container ports named span-metrics).`;
}

const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))} %`;

/**
 * The rule file. `expiries` are the Terraform-made certificates and CAs (every one in
 * `terraform` mode, the CAs in `cert-manager` mode, whose leaves cert-manager's metrics report).
 * @param expiries @default - none: no expiry rules unless cert-manager reports the certificates
 */
export function renderAlertRules(settings: TracingSettings, expiries: readonly KnownExpiry[] = []): RuleFile {
  const a = settings.alerts;
  const { sel, rate, rateOrZero } = promql(settings);
  const storage = `exporter="${STORAGE_EXPORTER}"`;
  const unbiased = UNBIASED_MATCHER;
  // Spans that found a full queue are lost, in the collectors' storage queue and the gateway's.
  const queued = `exporter=~"${STORAGE_EXPORTER}|${LOAD_BALANCING_EXPORTER}"`;
  // Behind the gateway every span passes two receivers: the drop ratio is over spans, not receptions.
  const tiers = spanMetricsAt(settings) === "gateway" ? 2 : 1;
  const perSpan = (receptions: string) => (tiers > 1 ? `(${receptions}) / ${tiers}` : receptions);
  const rules: AlertRule[] = [
    {
      alert: "TracingNoSpansReceived",
      expr: `(${rate(METRICS.spansAccepted)} * 60 <= 0) or absent(${METRICS.spansAccepted}${sel()})`,
      for: `${a.noTracesMinutes}m`,
      labels: { severity: "critical" },
      annotations: {
        summary: "No spans reach the Jaeger collector",
        description: `Traces per minute must stay above 0; none arrived for ${a.noTracesMinutes} minutes. Check the services' OTLP_ENDPOINT, the collector pods and the NetworkPolicies.`,
      },
    },
    {
      alert: "TracingExportFailureRatioHigh",
      // Jaeger 2.20's Elasticsearch writer reports success before its bulk request is sent
      // (tracing/pipeline/storage-queue.ts): a failed bulk request shows only in its own error counter.
      expr:
        `(${rateOrZero(METRICS.spansSendFailed, storage)} + ${rateOrZero(METRICS.bulkIndexErrors)}) / ` +
        `clamp_min(${rateOrZero(METRICS.spansSent, storage)} + ${rateOrZero(METRICS.spansSendFailed, storage)}, 1e-9) > ${a.exportFailureRatio}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "The collector fails to store spans in Elasticsearch",
        description: `More than ${percent(a.exportFailureRatio)} of spans fail to export to Elasticsearch (threshold: export failures < ${percent(a.exportFailureRatio)}).`,
      },
    },
    {
      alert: "TracingSpanDropRatioHigh",
      expr:
        `(${rateOrZero(METRICS.spansRefused)} + ${rateOrZero(METRICS.spansFailed)} + ${rateOrZero(METRICS.spansEnqueueFailed, queued)}) / ` +
        `clamp_min(${perSpan(`${rateOrZero(METRICS.spansAccepted)} + ${rateOrZero(METRICS.spansRefused)}`)}, 1e-9) > ${a.spanDropRatio}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "The collector refuses or drops spans",
        description: `More than ${percent(a.spanDropRatio)} of spans are refused (memory limiter, bad requests) or dropped from a full queue (threshold: span drop rate < ${percent(a.spanDropRatio)}).`,
      },
    },
    {
      alert: "TracingCollectorLatencyHigh",
      expr: `histogram_quantile(0.99, sum by (le) (rate(${METRICS.processorDuration}_bucket${sel()}[5m]))) * 1000 > ${a.collectorLatencyMs}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "The collector's processing is slow",
        description: `p99 time in the collector's processors is above ${a.collectorLatencyMs} ms (threshold: collector latency < ${a.collectorLatencyMs} ms).`,
      },
    },
    {
      alert: "TracedOperationLatencyHigh",
      expr:
        // Spans the SDK kept for a rule (errors, slow, critical) are left out: the rest is a
        // uniform sample, whose p99 is the traffic's (tracing/pipeline/sampling.ts). In `collector`
        // mode nothing carries the label, so every span counts.
        `histogram_quantile(0.99, sum by (le, service_name, span_name) ` +
        `(rate(${METRICS.operationDuration}_bucket${sel(`span_kind="SPAN_KIND_SERVER",${unbiased}`)}[5m]))) > ${a.operationLatencyP99Ms}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "A traced operation is slow: {{ $labels.service_name }} {{ $labels.span_name }}",
        description: `p99 latency of {{ $labels.service_name }} {{ $labels.span_name }} is {{ $value }} ms, above ${a.operationLatencyP99Ms} ms.`,
      },
    },
    {
      alert: "TracingElasticsearchNotGreen",
      // The exporter's health series gone (exporter down, scrape broken) must not read as healthy.
      // 15 minutes: a node's rolling restart (ECK waits for green between nodes) is yellow until
      // its replicas have recovered.
      expr: `(max(${METRICS.clusterHealth}${sel('color="green"')}) < 1) or absent(${METRICS.clusterHealth}${sel('color="green"')})`,
      for: "15m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Elasticsearch cluster health is not green",
        description: "The trace store is yellow or red (replicas unassigned or primaries missing), or its health is not reported at all. Check `GET _cluster/health`, `GET _cluster/allocation/explain` and the elasticsearch-exporter.",
      },
    },
    {
      alert: "TracingElasticsearchDiskNearWatermark",
      expr: `max(1 - ${METRICS.diskAvailable}${sel()} / ${METRICS.diskSize}${sel()}) > ${a.diskUsedRatio}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "An Elasticsearch data disk is nearly full",
        description:
          `More than ${percent(a.diskUsedRatio)} of a data disk is used; at 85 % Elasticsearch stops allocating shards there. ` +
          "Raise ES_DISK_GIB and deploy: ECK grows the volumes in place, one node at a time, where the StorageClass allows volume expansion " +
          "(npm run doctor prod says; a shrink is refused at plan). Or shorten TRACE_RETENTION_DAYS; docs/operations.md#growing-the-disk.",
      },
    },
    {
      // Without span metrics the operation-latency alert is silent, whatever the latency.
      alert: "TracingSpanMetricsAbsent",
      expr: `absent(${METRICS.operationCalls}${sel()})`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "No span metrics are scraped",
        description: `${METRICS.operationCalls} is missing, so TracedOperationLatencyHigh cannot fire. ${spanMetricsScrape(settings)}`,
      },
    },
    {
      alert: "TracingExportQueueNearFull",
      expr: `max by (exporter) (${METRICS.queueSize}${sel()} / clamp_min(${METRICS.queueCapacity}${sel()}, 1)) > ${QUEUE_NEAR_FULL}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "An export queue is nearly full: {{ $labels.exporter }}",
        description: `{{ $labels.exporter }}'s queue is more than ${percent(QUEUE_NEAR_FULL)} full: what it sends to (Elasticsearch, or the collectors behind the gateway) is slower than what arrives. Once full, new spans are dropped.`,
      },
    },
    ...(settings.stack === "prod" ? elasticsearchRules(settings) : []),
    ...(settings.stack === "prod" ? targetDownRules(settings) : []),
    ...(settings.sampling.mode === "collector" ? tailSamplingRules(settings) : []),
    ...certificateRules(settings, expiries),
  ];
  const withRunbooks = rules.map((rule) => ({ ...rule, annotations: { ...rule.annotations, runbook: `${RUNBOOK_BASE}${runbookAnchor(rule.alert)}` } }));
  return { groups: [{ name: "genesis-tracing", rules: withRunbooks }] };
}

/** Prod: the exporter's heap, write pool, ILM and watermark series (its `--collector.ilm` and `--collector.clustersettings`). */
function elasticsearchRules(settings: TracingSettings): AlertRule[] {
  const a = settings.alerts;
  const { sel } = promql(settings);
  const heap = sel('area="heap"');
  const running = sel('operation_mode="RUNNING"');
  return [
    {
      alert: "TracingElasticsearchHeapHigh",
      expr: `max by (name) (${METRICS.heapUsed}${heap} / ${METRICS.heapMax}${heap}) > ${a.heapUsedRatio}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Elasticsearch node {{ $labels.name }} holds most of its heap",
        description: `More than ${percent(a.heapUsedRatio)} of {{ $labels.name }}'s JVM heap has been in use for 15 minutes: garbage collection no longer frees it, and at 95 % the real-memory circuit breaker refuses requests (bulk writes first).`,
      },
    },
    {
      alert: "TracingElasticsearchWriteRejections",
      expr: `sum by (name) (rate(${METRICS.threadPoolRejected}${sel('type="write"')}[5m])) > 0`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Elasticsearch node {{ $labels.name }} rejects writes",
        description: "The write thread pool of {{ $labels.name }} is full and rejects bulk requests (HTTP 429): the collectors' bulk requests fail and, past their retries, spans are lost (TracingExportFailureRatioHigh counts them).",
      },
    },
    {
      alert: "TracingElasticsearchIlmErrors",
      // No ILM series at all means the exporter cannot read ILM (its flag, or the monitor role's
      // read_ilm and view_index_metadata): retention is then unwatched.
      expr:
        `(count(${METRICS.ilmIndexStatus}${sel('step="ERROR"')}) > 0) or (max(${METRICS.ilmStatus}${running}) < 1) ` +
        `or absent(${METRICS.ilmStatus}${running})`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Index lifecycle management is failing, stopped or unwatched",
        description: `An index is in ILM's ERROR step, ILM is not RUNNING, or the exporter reports no ILM status: old trace indices are then not deleted and the disk fills.`,
      },
    },
    {
      alert: "TracingElasticsearchDiskWatermarkReached",
      expr:
        `max by (name) (1 - ${METRICS.diskAvailable}${sel()} / ${METRICS.diskSize}${sel()}) ` +
        `>= on() group_left() (max(${METRICS.watermarkHighRatio}${sel()}) or vector(${DEFAULT_HIGH_WATERMARK}))`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Elasticsearch node {{ $labels.name }} is past the high disk watermark",
        description: "A data disk is used beyond the high watermark (the cluster's setting; 90 % by default): Elasticsearch moves shards off that node, and at the flood stage (95 %) it blocks writes to its indices, so spans are lost.",
      },
    },
  ];
}

/** Prod: `up == 0` of any scrape target of query, the exporter and (collector mode) the gateway, by pod name. */
function targetDownRules(settings: TracingSettings): AlertRule[] {
  const { sel } = promql(settings);
  const watched: Partial<Record<ComponentId, { alert: string; severity: "warning" | "critical"; what: string }>> = {
    gateway: { alert: "TracingGatewayDown", severity: "critical", what: "the gateway, which every span passes" },
    query: { alert: "TracingQueryDown", severity: "warning", what: "Jaeger query (the UI and API)" },
    elasticsearchExporter: { alert: "TracingElasticsearchExporterDown", severity: "warning", what: "the elasticsearch-exporter, without which the Elasticsearch alerts are blind" },
  };
  return backendComponents(settings).flatMap(({ id, name }) => {
    const w = watched[id];
    if (!w) return [];
    // A Deployment's pods are `<name>-<ReplicaSet hash>-<suffix>`: no other group's name matches.
    const targets = `${METRICS.up}${sel(`pod=~"${name}-[a-z0-9]+-[a-z0-9]+"`)}`;
    return [
      {
        alert: w.alert,
        expr: `(${targets} == 0) or absent(${targets})`,
        for: "5m",
        labels: { severity: w.severity },
        annotations: {
          summary: `A scrape target of ${name} is down: {{ $labels.pod }}`,
          description: `Prometheus cannot scrape ${w.what} ({{ $labels.pod }}), or finds no ${name} pod at all.`,
        },
      },
    ];
  });
}

/** `collector` mode: the collectors' tail sampling and, in prod, the gateway in front of them. */
function tailSamplingRules(settings: TracingSettings): AlertRule[] {
  const { sel, rate, rateOrZero } = promql(settings);
  const numTraces = tailSamplingSizing(settings).numTraces;
  const rules: AlertRule[] = [
    {
      alert: "TracingTailSamplingDroppedTraces",
      expr: `${rate(METRICS.tracesDroppedTooEarly)} > 0`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Collectors drop traces before deciding on them",
        description: `The tail-sampling buffer (num_traces ${numTraces} per collector) overflows: traces are evicted undecided and their spans lost. Raise TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND (and the memory it asks for) or add collectors.`,
      },
    },
    {
      alert: "TracingTailSamplingBufferNearFull",
      expr: `max(${METRICS.tracesOnMemory}${sel()}) > ${Math.floor(numTraces * QUEUE_NEAR_FULL)}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "A collector's tail-sampling buffer is nearly full",
        description: `More than ${percent(QUEUE_NEAR_FULL)} of num_traces (${numTraces}, twice the design rate's need) are held for a decision: traffic is about ${2 * QUEUE_NEAR_FULL}x the design rate. Raise TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND before the buffer overflows.`,
      },
    },
    {
      alert: "TracingTailSamplingLateSpans",
      expr:
        `${rateOrZero(METRICS.lateSpans)} / clamp_min(${rateOrZero(METRICS.newTraces)}, 1e-9) > ${LATE_SPANS_PER_TRACE}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Spans arrive after their trace was decided",
        description: `More than ${LATE_SPANS_PER_TRACE} late spans per trace: decision_wait is shorter than traces take to arrive. Raise TRACE_SAMPLING_LONGEST_TRACE_SECONDS.`,
      },
    },
  ];
  if (spanMetricsAt(settings) !== "gateway") return rules;
  const failed = `success="false"`;
  return [
    ...rules,
    {
      alert: "TracingGatewayExportFailing",
      expr: `${rateOrZero(METRICS.backendOutcomes, failed)} / clamp_min(${rateOrZero(METRICS.backendOutcomes)}, 1e-9) > ${settings.alerts.exportFailureRatio}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "The gateway fails to deliver spans to the collectors",
        description: `More than ${percent(settings.alerts.exportFailureRatio)} of the gateway's sends to collectors fail; spans wait in its queue and are retried. Check the collectors and the gateway's TLS to them.`,
      },
    },
    {
      alert: "TracingGatewayNoCollectors",
      // With no ready collector the headless name does not resolve: the resolver counts a
      // failure and keeps its last list, so the backend gauge alone would not move.
      expr: `(${rate(METRICS.resolutions, `success="false"`)} > 0) or (min(${METRICS.backends}${sel()}) < 1)`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "A gateway finds no collector to route to",
        description: "The collectors' headless Service does not resolve or lists no ready pod: spans queue in the gateway until it fills, then are dropped.",
      },
    },
  ];
}

const DAY_SECONDS = 86400;

/** cert-manager's expiry series of the tracing namespace's Certificates, however Prometheus labels them. */
function managedExpiry(settings: TracingSettings): string {
  const namespace = settings.kubernetes.namespace;
  // A scrape that sets its own `namespace` label (the cert-manager pod's) keeps the Certificate's
  // as `exported_namespace` (Prometheus' honor_labels: false).
  return `${METRICS.certificateExpiration}{namespace="${namespace}"} or ${METRICS.certificateExpiration}{exported_namespace="${namespace}"}`;
}

/**
 * Expiry of every server certificate and CA, in both modes: cert-manager's metric for the
 * Certificates it renews, and the apply-time `notAfter` of everything Terraform made, compared
 * with `time()` so that no deploy is needed for the alert to fire.
 */
function certificateRules(settings: TracingSettings, expiries: readonly KnownExpiry[]): AlertRule[] {
  const managed = settings.certificates.mode === "cert-manager";
  if (!managed && expiries.length === 0) return [];
  const notAfter = [
    ...(managed ? [`label_replace(${managedExpiry(settings)}, "certificate", "$1", "name", "(.*)")`] : []),
    ...expiries.map((e) => `label_replace(vector(${e.notAfterUnix}), "certificate", "${e.certificate}", "", "")`),
  ].join(" or ");
  const renewal = managed
    ? "cert-manager renews server certificates " + `${settings.certificates.leafRenewBeforeDays} days before expiry: check \`kubectl -n ${settings.kubernetes.namespace} describe certificate\` and the cert-manager logs`
    : `a deploy re-issues server certificates in their last ${settings.certificates.leafRenewBeforeDays} days: run npx cdktf deploy ${settings.stack}`;
  const rule = (alert: string, days: number, severity: "warning" | "critical"): AlertRule => ({
    alert,
    expr: `(${notAfter}) - time() < ${days * DAY_SECONDS}`,
    for: "10m",
    labels: { severity },
    annotations: {
      summary: `{{ $labels.certificate }} expires in less than ${days} days`,
      description: `The certificate or CA {{ $labels.certificate }} expires within ${days} days; once it has, clients refuse the connection. For a server certificate, ${renewal}. For a CA, replace it (docs/operations.md#replacing-the-ca).`,
    },
  });
  const rules = [rule("TracingCertificateExpiresSoon", CERTIFICATE_WARNING_DAYS, "warning"), rule("TracingCertificateExpiryCritical", CERTIFICATE_CRITICAL_DAYS, "critical")];
  if (!managed) return rules;
  return [
    ...rules,
    {
      // Without cert-manager's series the expiry rules watch the CAs only.
      alert: "TracingCertificateMetricsAbsent",
      expr: `absent(${managedExpiry(settings)})`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "cert-manager's certificate metrics are not scraped",
        description: `${METRICS.certificateExpiration} for the ${settings.kubernetes.namespace} namespace is missing, so TracingCertificateExpiresSoon cannot see the server certificates. Scrape the cert-manager controller on port 9402 (its chart: prometheus.enabled, or a ServiceMonitor).`,
      },
    },
  ];
}
