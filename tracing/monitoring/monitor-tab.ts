/**
 * Jaeger's Monitor tab (SPM): the query service reads RED metrics of the `spanmetrics`
 * connector from a Prometheus. Three things must agree, or the tab is blank without an error:
 *
 * 1. The names the collector's (or gateway's) `prometheus` exporter exposes. contrib v0.155.0
 *    `exporter/prometheusexporter`: `translation_strategy`, when set, decides the suffixes; when
 *    unset the `exporter.prometheusexporter.DisableAddMetricSuffixes` gate (beta, so on, since
 *    v0.154.0; contrib PR #48930, and the maintainer's account in PR #49446) makes it
 *    `UnderscoreEscapingWithSuffixes`. We set it, so neither the gate nor a later default moves
 *    the names: the connector's `traces.span.metrics.calls` (a monotonic sum, no unit) becomes
 *    `traces_span_metrics_calls_total`, and `traces.span.metrics.duration` (histogram, unit
 *    `ms`) `traces_span_metrics_duration_milliseconds_{bucket,sum,count}`.
 * 2. The names query asks for. Jaeger v2.20.0
 *    `internal/storage/metricstore/prometheus/metricstore/reader.go`: `<metric_namespace>_calls`,
 *    plus `_total` with `normalize_calls`; `<metric_namespace>_duration`, plus `_milliseconds`
 *    with `normalize_duration` and `latency_unit: ms`; then `_bucket`. Keys from
 *    `internal/config/promcfg/config.go`; `cmd/jaeger/config-spm.yaml` sets both `normalize_*`.
 * 3. When the span metrics are a sample, the recording rules below, which the Prometheus query
 *    reads must load.
 *
 * True rates. The span metrics hold a uniform sample of the traffic (tracing/pipeline/sampling.ts
 * `spanMetricsUniformPart`): in `sdk` mode the spans without a biased reason, a
 * `TRACE_SAMPLING_RATE` sample; in `collector` mode every span the SDKs export, a
 * `TRACE_SAMPLING_HEAD_RATE` sample (all traffic at 1). Its counters divided by that share
 * estimate the traffic's. The rules record that estimate per series (no `sum` before `rate`: each
 * recorded series is a counter with the same resets as its source, which query's `rate` handles)
 * under their own namespace, and query reads that namespace; at a share of 1 there are no rules
 * and query reads the connector's namespace. Latency quantiles of the uniform part need no
 * scaling: they are the traffic's (a uniform scale would not move a quantile anyway).
 *
 * A changed share would make the recorded counter jump (×5 from 1 % to 5 %) or drop (a reset to
 * `rate`), a spike in the tab for one rate window. So the recorded calls carry the share as a
 * label (`SAMPLING_SHARE_LABEL`): a new share starts new series, the old ones go stale, and
 * query's `sum(rate(…)) by (service_name[, span_name])` (Jaeger v2.20.0
 * internal/storage/metricstore/prometheus/metricstore/reader.go `GetCallRates`,
 * `GetErrorRates`, `GetLatencies`) adds them up across the label.
 */
import type { QueryMetricsBackend } from "../pipeline/jaeger-config";
import { METRICS, type RuleFile } from "./alert-rules";
import { JAEGER_PATHS } from "../core/paths";
import { monitorTabPossible, spanMetricsUniformPart } from "../pipeline/sampling";
import type { TracingSettings } from "../settings";

/**
 * The connector's default namespace (`traces.span.metrics`, contrib connector/spanmetricsconnector
 * config.go `DefaultNamespace`) as the exporter escapes it; also Jaeger's default `metric_namespace`
 * (v2.20.0 internal/storage/metricstore/prometheus/options.go).
 */
export const SPAN_METRICS_NAMESPACE = "traces_span_metrics";

/** Where the rules record the traffic's estimate, the namespace query then reads. */
export const POPULATION_NAMESPACE = "genesis_population_span_metrics";

/** The connector's histogram unit (renderSpanMetricsConnector), in query's words. */
export const LATENCY_UNIT = "ms";


/** The label of the recorded calls that holds the share they were scaled by. */
export const SAMPLING_SHARE_LABEL = "genesis_sampling_share";

/** Whether the span metrics are a sample the rules must scale: a uniform share below 1. */
export const scaledByRules = (settings: TracingSettings): boolean => monitorTabPossible(settings) && spanMetricsUniformPart(settings).share < 1;

/** The namespace query reads: the scaled one, or the connector's own when the span metrics are all traffic. */
export const monitorTabNamespace = (settings: TracingSettings): string => (scaledByRules(settings) ? POPULATION_NAMESPACE : SPAN_METRICS_NAMESPACE);

/** How query reaches the Prometheus that holds the span metrics (and, when they are a sample, the rules' results). */
export interface MonitorTabPrometheus {
  /** `http(s)://host:port` of the Prometheus HTTP API. */
  readonly url: string;
  /**
   * CA file (in query's container) that verifies an `https` Prometheus.
   * @default - the system's CAs
   */
  readonly caFile?: string;
  /**
   * File holding a bearer token, re-read every 10 s (reader.go `auth.TokenProvider`).
   * @default - no bearer token
   */
  readonly bearerTokenFile?: string;
  /**
   * Send basic auth from query's environment (PROMETHEUS_CREDENTIAL_ENVIRONMENT).
   * @default false
   */
  readonly basicAuth?: boolean;
}

/**
 * The `basicauth` client extension query names as the backend's authenticator (Jaeger v2.20.0
 * builds contrib v0.155.0's, cmd/jaeger/internal/components.go; the backend's `auth.authenticator`
 * is resolved by cmd/jaeger/internal/extension/jaegerstorage/extension.go `resolveAuthenticator`).
 */
export const PROMETHEUS_AUTHENTICATOR = "basicauth/prometheus";

/**
 * The variables query's config reads the basic-auth credentials from (`${env:…}`, the collector's
 * config expansion, as Jaeger's own config-spm.yaml uses it): the extension's `client_auth` takes
 * `username` and `password`; that v0.155.0's also takes `username_file`/`password_file` (stored
 * contrib sources of a later date do) could not be confirmed.
 */
export const PROMETHEUS_CREDENTIAL_ENVIRONMENT = { username: "PROMETHEUS_USERNAME", password: "PROMETHEUS_PASSWORD" } as const;

export function renderQueryMetricsBackend(settings: TracingSettings, prometheus: MonitorTabPrometheus): QueryMetricsBackend {
  const env = (name: string) => `\${env:${name}}`;
  return {
    backend: {
      prometheus: {
        endpoint: prometheus.url,
        ...(prometheus.caFile === undefined ? {} : { tls: { ca_file: prometheus.caFile } }),
        ...(prometheus.bearerTokenFile === undefined ? {} : { token_file_path: prometheus.bearerTokenFile }),
        ...(prometheus.basicAuth ? { auth: { authenticator: PROMETHEUS_AUTHENTICATOR } } : {}),
        metric_namespace: monitorTabNamespace(settings),
        latency_unit: LATENCY_UNIT,
        normalize_calls: true,
        normalize_duration: true,
      },
    },
    extensions: prometheus.basicAuth
      ? {
          [PROMETHEUS_AUTHENTICATOR]: {
            client_auth: { username: env(PROMETHEUS_CREDENTIAL_ENVIRONMENT.username), password: env(PROMETHEUS_CREDENTIAL_ENVIRONMENT.password) },
          },
        }
      : {},
  };
}

/** Prod: the cluster's Prometheus the settings name, with its credentials where query mounts them; none, no tab. */
export function prodMonitorTabPrometheus(settings: TracingSettings): MonitorTabPrometheus | undefined {
  const prometheus = settings.kubernetes.prometheus;
  if (prometheus.url === "" || !monitorTabPossible(settings)) return undefined;
  return {
    url: prometheus.url,
    ...(prometheus.caSecret === "" ? {} : { caFile: JAEGER_PATHS.prometheusCa }),
    ...(prometheus.tokenSecret === "" ? {} : { bearerTokenFile: JAEGER_PATHS.prometheusToken }),
    basicAuth: prometheus.basicAuthSecret !== "",
  };
}

/** What query's pod mounts for the tab in prod: the named Secrets, as files or (basic auth) variables. */
export function prodMonitorTabSecrets(settings: TracingSettings): {
  readonly files: { readonly volume: string; readonly secretName: string; readonly keys: readonly string[]; readonly mountPath: string }[];
  readonly environment: Readonly<Record<string, { readonly secretName: string; readonly key: string }>>;
} {
  const prometheus = settings.kubernetes.prometheus;
  if (prodMonitorTabPrometheus(settings) === undefined) return { files: [], environment: {} };
  const basic = prometheus.basicAuthSecret;
  return {
    files: [
      ...(prometheus.caSecret === "" ? [] : [{ volume: "prometheus-ca", secretName: prometheus.caSecret, keys: ["ca.crt"], mountPath: JAEGER_PATHS.prometheusCaDir }]),
      ...(prometheus.tokenSecret === "" ? [] : [{ volume: "prometheus-token", secretName: prometheus.tokenSecret, keys: ["token"], mountPath: JAEGER_PATHS.prometheusTokenDir }]),
    ],
    // `kubernetes.io/basic-auth` Secrets hold exactly these two keys.
    environment:
      basic === ""
        ? {}
        : {
            [PROMETHEUS_CREDENTIAL_ENVIRONMENT.username]: { secretName: basic, key: "username" },
            [PROMETHEUS_CREDENTIAL_ENVIRONMENT.password]: { secretName: basic, key: "password" },
          },
  };
}

export interface RecordingRuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly { readonly record: string; readonly expr: string }[] }[];
}

/**
 * The rule group the Prometheus query reads must load when the span metrics are a sample (empty
 * otherwise). Only this backend's series (`TRACING_ALERT_SELECTOR`, as the alerts select them)
 * and of those the uniform part.
 */
export function renderMonitorTabRules(settings: TracingSettings): RecordingRuleFile {
  if (!scaledByRules(settings)) return { groups: [] };
  const { share, matcher } = spanMetricsUniformPart(settings);
  const uniform = [settings.alerts.selector, matcher].filter(Boolean).join(",");
  return {
    groups: [
      {
        name: "genesis-tracing-monitor-tab",
        rules: [
          // label_replace with an empty source label and regex sets the label on every series (Prometheus querying/functions docs).
          {
            record: `${POPULATION_NAMESPACE}_calls_total`,
            expr: `label_replace(${METRICS.operationCalls}{${uniform}} / ${share}, "${SAMPLING_SHARE_LABEL}", "${share}", "", "")`,
          },
          // Unscaled: a changed share moves no bucket counter, so these need no share label.
          { record: `${POPULATION_NAMESPACE}_duration_milliseconds_bucket`, expr: `${METRICS.operationDuration}_bucket{${uniform}}` },
        ],
      },
    ],
  };
}

/** Prod query's metrics backend, when the settings name a Prometheus (the stack and the examples render the same). */
export function prodQueryMetricsBackend(settings: TracingSettings): QueryMetricsBackend | undefined {
  const prometheus = prodMonitorTabPrometheus(settings);
  return prometheus && renderQueryMetricsBackend(settings, prometheus);
}

/**
 * Prod's rule file: the alerts, and with a tab over sampled span metrics the rules that scale the span
 * metrics, which the Prometheus the tab reads must load (it loads the alerts already).
 */
export function prodRuleFile(settings: TracingSettings, alerts: RuleFile): { readonly groups: readonly (RuleFile | RecordingRuleFile)["groups"][number][] } {
  return prodMonitorTabPrometheus(settings) === undefined ? alerts : { groups: [...alerts.groups, ...renderMonitorTabRules(settings).groups] };
}
