/**
 * Alerts on the health of the tracing system itself, with the guide's thresholds, as a
 * Prometheus rule file. Metric names are those Jaeger v2.20 (OpenTelemetry Collector
 * v0.155 internal telemetry on :8888, `spanmetrics` on :8889) and prometheus-community's
 * elasticsearch_exporter expose; see METRICS for the source of each.
 */
import type { TracingSettings } from "./settings";
import { STORAGE_EXPORTER } from "./jaeger-config";

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
  bulkIndexInserts: "jaeger_storage_bulk_index_inserts_total", // jaeger internal/storage/elasticsearch/esclient/bulk_indexer.go
  bulkIndexErrors: "jaeger_storage_bulk_index_errors_total", // same
  clusterHealth: "elasticsearch_cluster_health_status", // elasticsearch_exporter metrics.md
  diskAvailable: "elasticsearch_filesystem_data_available_bytes", // elasticsearch_exporter collector/nodes.go
  diskSize: "elasticsearch_filesystem_data_size_bytes", // same
  indexingTotal: "elasticsearch_indices_indexing_index_total", // same
} as const;

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: "warning" | "critical" };
  readonly annotations: { readonly summary: string; readonly description: string };
}

export interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly AlertRule[] }[];
}

/**
 * Labels the rules themselves match or aggregate on: a selector matcher on one of them would
 * contradict the rule's own (`color="red"` beside `color="green"`) and mute it without error.
 */
export const RULE_LABELS = ["exporter", "span_kind", "color", "le", "service_name", "span_name"] as const;

/** PromQL pieces over this backend's series only. */
export function promql(settings: TracingSettings) {
  const sel = (extra = "") => `{${[settings.alerts.selector, extra].filter(Boolean).join(",")}}`;
  const rate = (metric: string, extra = "") => `sum(rate(${metric}${sel(extra)}[5m]))`;
  // A counter that is not exported yet must count as zero, not hide the whole expression.
  const rateOrZero = (metric: string, extra = "") => `(${rate(metric, extra)} or vector(0))`;
  return { sel, rate, rateOrZero };
}

export function renderAlertRules(settings: TracingSettings): RuleFile {
  const a = settings.alerts;
  const { sel, rate, rateOrZero } = promql(settings);
  const storage = `exporter="${STORAGE_EXPORTER}"`;
  const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))} %`;
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
      expr:
        `${rateOrZero(METRICS.spansSendFailed, storage)} / ` +
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
        `(${rateOrZero(METRICS.spansRefused)} + ${rateOrZero(METRICS.spansFailed)} + ${rateOrZero(METRICS.spansEnqueueFailed, storage)}) / ` +
        `clamp_min(${rateOrZero(METRICS.spansAccepted)} + ${rateOrZero(METRICS.spansRefused)}, 1e-9) > ${a.spanDropRatio}`,
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
        `histogram_quantile(0.99, sum by (le, service_name, span_name) ` +
        `(rate(${METRICS.operationDuration}_bucket${sel('span_kind="SPAN_KIND_SERVER"')}[5m]))) > ${a.operationLatencyP99Ms}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "A traced operation is slow: {{ $labels.service_name }} {{ $labels.span_name }}",
        description: `p99 latency of {{ $labels.service_name }} {{ $labels.span_name }} is {{ $value }} ms, above ${a.operationLatencyP99Ms} ms.`,
      },
    },
    {
      alert: "TracingElasticsearchNotGreen",
      expr: `max(${METRICS.clusterHealth}${sel('color="green"')}) < 1`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Elasticsearch cluster health is not green",
        description: "The trace store is yellow or red: replicas unassigned or primaries missing. Check `GET _cluster/health` and `GET _cluster/allocation/explain`.",
      },
    },
    {
      alert: "TracingElasticsearchDiskNearWatermark",
      expr: `max(1 - ${METRICS.diskAvailable}${sel()} / ${METRICS.diskSize}${sel()}) > ${a.diskUsedRatio}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "An Elasticsearch data disk is nearly full",
        description: `More than ${percent(a.diskUsedRatio)} of a data disk is used; at 85 % Elasticsearch stops allocating shards there. Grow the volume or shorten TRACE_RETENTION_DAYS.`,
      },
    },
  ];
  return { groups: [{ name: "genesis-tracing", rules }] };
}
