/**
 * A Grafana dashboard (JSON model, schema 39) for the tracing system: spans received,
 * refused and exported, export errors, queue, batch sizes, Elasticsearch indexing, disk, heap,
 * write rejections, ILM and watermark, the scrape targets' `up`,
 * with the alert thresholds drawn as lines.
 */
import { DEFAULT_HIGH_WATERMARK, METRICS, promql } from "./alert-rules";
import { STORAGE_EXPORTER } from "../pipeline/jaeger-config";
import type { TracingSettings } from "../settings";

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly targets: readonly { readonly expr: string; readonly legend: string }[];
  /** An alert threshold drawn as a red line. */
  readonly threshold?: number;
}

export const DASHBOARD_UID = "genesis-tracing";

export function renderGrafanaDashboard(settings: TracingSettings): object {
  const a = settings.alerts;
  const { sel, rate } = promql(settings);
  const storage = `exporter="${STORAGE_EXPORTER}"`;
  const panels: Panel[] = [
    {
      title: "Spans received per minute",
      unit: "short",
      targets: [{ expr: `${rate(METRICS.spansAccepted)} * 60`, legend: "accepted" }],
      threshold: 0,
    },
    {
      title: "Spans refused / failed (per s)",
      unit: "short",
      targets: [
        { expr: rate(METRICS.spansRefused), legend: "refused" },
        { expr: rate(METRICS.spansFailed), legend: "failed" },
        { expr: rate(METRICS.spansEnqueueFailed, storage), legend: "dropped (queue full)" },
      ],
    },
    {
      title: "Spans exported to Elasticsearch (per s)",
      unit: "short",
      targets: [{ expr: rate(METRICS.spansSent, storage), legend: "sent" }],
    },
    {
      title: "Export failure ratio",
      unit: "percentunit",
      targets: [
        {
          expr: `${rate(METRICS.spansSendFailed, storage)} / clamp_min(${rate(METRICS.spansSent, storage)} + ${rate(METRICS.spansSendFailed, storage)}, 1e-9)`,
          legend: "failed / attempted",
        },
      ],
      threshold: a.exportFailureRatio,
    },
    {
      title: "Export queue",
      unit: "short",
      targets: [
        { expr: `sum(${METRICS.queueSize}${sel(storage)})`, legend: "size" },
        { expr: `sum(${METRICS.queueCapacity}${sel(storage)})`, legend: "capacity" },
      ],
    },
    {
      title: "Batch size (p50, p99)",
      unit: "short",
      targets: [0.5, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(${METRICS.batchSendSize}_bucket${sel()}[5m])))`,
        legend: `p${q * 100}`,
      })),
    },
    {
      title: "Collector processing latency p99",
      unit: "ms",
      targets: [{ expr: `histogram_quantile(0.99, sum by (le) (rate(${METRICS.processorDuration}_bucket${sel()}[5m]))) * 1000`, legend: "p99" }],
      threshold: a.collectorLatencyMs,
    },
    {
      title: "Traced operations p99 latency",
      unit: "ms",
      targets: [
        {
          expr: `histogram_quantile(0.99, sum by (le, service_name) (rate(${METRICS.operationDuration}_bucket${sel('span_kind="SPAN_KIND_SERVER"')}[5m])))`,
          legend: "{{service_name}}",
        },
      ],
      threshold: a.operationLatencyP99Ms,
    },
    {
      title: "Elasticsearch indexing rate (docs/s)",
      unit: "short",
      targets: [
        { expr: rate(METRICS.indexingTotal), legend: "indexed" },
        { expr: rate(METRICS.bulkIndexInserts), legend: "Jaeger bulk inserts" },
        { expr: rate(METRICS.bulkIndexErrors), legend: "Jaeger bulk errors" },
      ],
    },
    {
      title: "Elasticsearch data disk used",
      unit: "percentunit",
      targets: [{ expr: `max by (name) (1 - ${METRICS.diskAvailable}${sel()} / ${METRICS.diskSize}${sel()})`, legend: "{{name}}" }],
      threshold: a.diskUsedRatio,
    },
    {
      title: "Elasticsearch JVM heap used",
      unit: "percentunit",
      targets: [{ expr: `max by (name) (${METRICS.heapUsed}${sel('area="heap"')} / ${METRICS.heapMax}${sel('area="heap"')})`, legend: "{{name}}" }],
      threshold: a.heapUsedRatio,
    },
    {
      title: "Elasticsearch write rejections (per s)",
      unit: "short",
      targets: [{ expr: `sum by (name) (rate(${METRICS.threadPoolRejected}${sel('type="write"')}[5m]))`, legend: "{{name}}" }],
      threshold: 0,
    },
    {
      title: "Indices in ILM error; ILM running",
      unit: "short",
      targets: [
        { expr: `count(${METRICS.ilmIndexStatus}${sel('step="ERROR"')}) or vector(0)`, legend: "indices in ERROR" },
        { expr: `max(${METRICS.ilmStatus}${sel('operation_mode="RUNNING"')})`, legend: "ILM running" },
      ],
    },
    {
      title: "Elasticsearch high disk watermark",
      unit: "percentunit",
      targets: [{ expr: `max(${METRICS.watermarkHighRatio}${sel()}) or vector(${DEFAULT_HIGH_WATERMARK})`, legend: "high watermark" }],
    },
    {
      title: "Scrape targets up (query, exporter, gateway)",
      unit: "short",
      targets: [{ expr: `sum by (job) (${METRICS.up}${sel()})`, legend: "{{job}}" }],
    },
    {
      title: "Elasticsearch cluster green",
      unit: "bool",
      targets: [{ expr: `max(${METRICS.clusterHealth}${sel('color="green"')})`, legend: "green" }],
      threshold: 1,
    },
  ];
  return {
    uid: DASHBOARD_UID,
    title: "Genesis tracing backend",
    tags: ["genesis", "tracing", "jaeger"],
    schemaVersion: 39,
    editable: false,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus" }] },
    panels: panels.map((panel, index) => ({
      id: index + 1,
      type: "timeseries",
      title: panel.title,
      datasource: { type: "prometheus", uid: "${datasource}" },
      gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
      targets: panel.targets.map((t, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: { type: "prometheus", uid: "${datasource}" },
        expr: t.expr,
        legendFormat: t.legend,
      })),
      fieldConfig: {
        defaults: {
          unit: panel.unit,
          custom: { thresholdsStyle: { mode: panel.threshold === undefined ? "off" : "line" } },
          thresholds: {
            mode: "absolute",
            steps: [{ color: "green", value: null }, ...(panel.threshold === undefined ? [] : [{ color: "red", value: panel.threshold }])],
          },
        },
        overrides: [],
      },
      options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
    })),
  };
}
