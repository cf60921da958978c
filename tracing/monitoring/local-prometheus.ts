/**
 * The local stack's Prometheus: it scrapes the collector (its own metrics and the span metrics)
 * and query on the private network, loads the Monitor tab's rules and the alert rules, and is
 * what local query's Monitor tab reads. Sized for a laptop: it keeps the span metrics as long
 * as the traces (`TRACE_RETENTION_DAYS`), and never more than LOCAL_PROMETHEUS_RETENTION_SIZE.
 */
import { COLLECTOR_NAME, QUERY_NAME } from "../core/names";
import { selectorMatchers } from "../parsers/alert-selector";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";

/** Its host name on the private network. */
export const LOCAL_PROMETHEUS_HOST = "prometheus";

/** The image's user (prom/prometheus Dockerfile: `USER nobody`). */
export const PROMETHEUS_UID = 65534;

/** Where the files go in the container; `/prometheus` is the image's data directory (and volume). */
export const LOCAL_PROMETHEUS_PATHS = {
  config: "/etc/prometheus/prometheus.yml",
  monitorTabRules: "/etc/prometheus/rules/monitor-tab.yaml",
  alertRules: "/etc/prometheus/rules/alerts.yaml",
  data: "/prometheus",
} as const;

/**
 * The most its data may take on the laptop: a few dozen series per operation, a few KiB a day
 * each, is far below it; the cap bounds a cardinality mistake (`--storage.tsdb.retention.size`,
 * the oldest blocks go first).
 */
export const LOCAL_PROMETHEUS_RETENTION_SIZE = "1GB";

/** How often it scrapes and evaluates, in seconds: the Monitor tab's smallest step is a minute. */
export const LOCAL_PROMETHEUS_INTERVAL_SECONDS = 15;
const INTERVAL = `${LOCAL_PROMETHEUS_INTERVAL_SECONDS}s`;

/** The scrape job's name when the alert selector names none. */
export const LOCAL_SCRAPE_JOB = "genesis-tracing";

/** The job in which this Prometheus scrapes itself; the backend's job must be named otherwise. */
export const LOCAL_PROMETHEUS_SELF_JOB = "prometheus";

/**
 * The labels the backend's series carry in this Prometheus: what the alert selector
 * (`TRACING_ALERT_SELECTOR`) asks for, so the rules it loads, the Monitor tab's and the alerts,
 * select them. The selector's `job` names the job; its other matchers become target labels.
 * Local validation accepts only `=` matchers for this reason (a regex names no value to set).
 */
export function localTargetLabels(settings: TracingSettings): { readonly job: string; readonly labels: Readonly<Record<string, string>> } {
  const matchers = selectorMatchers(settings.alerts.selector).filter((m) => m.operator === "=");
  const job = matchers.find((m) => m.label === "job")?.value ?? LOCAL_SCRAPE_JOB;
  return { job, labels: Object.fromEntries(matchers.filter((m) => m.label !== "job").map((m) => [m.label, m.value])) };
}

/** `prometheus.yml` (Prometheus configuration docs: `global`, `rule_files`, `scrape_configs`). */
export function renderLocalPrometheusConfig(settings: TracingSettings): object {
  const { job, labels } = localTargetLabels(settings);
  return {
    global: { scrape_interval: INTERVAL, evaluation_interval: INTERVAL },
    rule_files: [LOCAL_PROMETHEUS_PATHS.monitorTabRules, LOCAL_PROMETHEUS_PATHS.alertRules],
    scrape_configs: [
      {
        job_name: job,
        static_configs: [
          {
            targets: [`${COLLECTOR_NAME}:${PORTS.metrics}`, `${COLLECTOR_NAME}:${PORTS.spanMetrics}`, `${QUERY_NAME}:${PORTS.metrics}`],
            ...(Object.keys(labels).length > 0 ? { labels } : {}),
          },
        ],
      },
      { job_name: LOCAL_PROMETHEUS_SELF_JOB, static_configs: [{ targets: [`localhost:${PORTS.prometheus}`] }] },
    ],
  };
}

/** The server's flags: the image's own two, plus retention by time and by size. */
export function localPrometheusCommand(settings: TracingSettings): string[] {
  return [
    `--config.file=${LOCAL_PROMETHEUS_PATHS.config}`,
    `--storage.tsdb.path=${LOCAL_PROMETHEUS_PATHS.data}`,
    `--storage.tsdb.retention.time=${settings.retentionDays}d`,
    `--storage.tsdb.retention.size=${LOCAL_PROMETHEUS_RETENTION_SIZE}`,
  ];
}
