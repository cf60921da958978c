/**
 * Without the Prometheus Operator: the scrape job and `rule_files` line a Prometheus needs to
 * watch the backend, to paste into its configuration (docs/monitoring.md#health-of-the-tracing-system-metrics-alerts-dashboard; `npm run render`
 * writes it to `examples/<scenario>/prometheus-scrape.yaml`).
 *
 * The `prometheus.io/scrape|port` annotation convention names one port per pod, and the
 * collectors (sdk mode) and the gateway (collector mode) serve two: internal metrics and span
 * metrics. So the job selects by container port name instead, every port a descriptor marks
 * `metrics` (tracing/topology/components.ts) and the ECK operator's, and the pods carry no annotation (the
 * common `kubernetes-pods` job would scrape their first port a second time, doubling every sum).
 */
import { backendComponents } from "../topology/components";
import { ECK_OPERATOR_METRICS_PORT_NAME } from "../topology/eck-values";
import { SCRAPE_INTERVAL_SECONDS } from "../core/scrape";
import type { TracingSettings } from "../settings";
import { INSTANCE } from "../topology/topology";

/** The rules ConfigMap (monitoring namespace) and its one key. */
export const RULES_CONFIG_MAP = { name: "genesis-tracing-alert-rules", key: "genesis-tracing.rules.yaml" } as const;
/** Where the Prometheus mounts that ConfigMap; the `rule_files` line reads it there. */
export const RULES_MOUNT_DIR = "/etc/prometheus/genesis-tracing";
/** The job name, the same as the local stack's (docs/monitoring.md#health-of-the-tracing-system-metrics-alerts-dashboard). */
const SCRAPE_JOB = "genesis-tracing";

/** One `relabel_configs` entry, as far as the job uses them. */
export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: "replace" | "keep" | "drop" | "labelmap";
}

export interface ScrapeJob {
  readonly job_name: string;
  readonly scrape_interval: string;
  readonly metrics_path: string;
  readonly scheme: "http" | "https";
  readonly kubernetes_sd_configs: readonly { readonly role: "pod"; readonly namespaces: { readonly names: readonly string[] } }[];
  readonly relabel_configs: readonly RelabelConfig[];
}

/** The Kubernetes pod label the job keeps, as Prometheus' service discovery names it. */
const PART_OF_META_LABEL = "__meta_kubernetes_pod_label_app_kubernetes_io_part_of";

/** Every container port name that serves Prometheus metrics, ours and the ECK operator's (when the stack installs it). */
export function metricsPortNames(settings: TracingSettings): string[] {
  const ours = backendComponents(settings).flatMap((c) => c.ports.filter((p) => p.metrics).map((p) => p.name));
  const operator = settings.kubernetes.eckOperator === "install" ? [ECK_OPERATOR_METRICS_PORT_NAME] : [];
  return [...new Set([...ours, ...operator])].sort();
}

/** The namespaces whose pods the job discovers: the tracing namespace and, when the stack installs it, the operator's. */
export function scrapedNamespaces(settings: TracingSettings): string[] {
  const k = settings.kubernetes;
  return [k.namespace, ...(k.eckOperator === "install" && k.eckOperatorNamespace !== k.namespace ? [k.eckOperatorNamespace] : [])];
}

/**
 * `scrape_configs` (one job) and `rule_files` for prometheus.yml. The relabelling follows
 * Prometheus' `kubernetes_sd_configs` role `pod` (one target per declared container port,
 * `__address__` = pod IP:port, docs "kubernetes_sd_config") and sets the `namespace` and `pod`
 * labels the alerts group by, as the `kubernetes-pods` job of prometheus-community's `prometheus`
 * chart does (charts/prometheus/values.yaml at prometheus-29.27.0, which also drops pods not running).
 */
export function renderScrapeConfig(settings: TracingSettings): { readonly scrape_configs: readonly ScrapeJob[]; readonly rule_files: readonly string[] } {
  return {
    scrape_configs: [
      {
        job_name: SCRAPE_JOB,
        scrape_interval: `${SCRAPE_INTERVAL_SECONDS}s`,
        metrics_path: "/metrics",
        scheme: "http",
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: scrapedNamespaces(settings) } }],
        relabel_configs: [
          // Our pods only (the operator's carries the label through the chart's podLabels).
          { source_labels: [PART_OF_META_LABEL], regex: INSTANCE, action: "keep" },
          { source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: metricsPortNames(settings).join("|"), action: "keep" },
          // A pod that has not started or has ended serves nothing (the chart's job drops the same).
          { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed", action: "drop" },
          { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace", action: "replace" },
          { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod", action: "replace" },
          { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container", action: "replace" },
          { source_labels: ["__meta_kubernetes_pod_container_port_name"], target_label: "endpoint", action: "replace" },
        ],
      },
    ],
    rule_files: [`${RULES_MOUNT_DIR}/${RULES_CONFIG_MAP.key}`],
  };
}
