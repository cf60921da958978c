/**
 * The Monitor tab shows numbers only when query asks Prometheus for the names the exporter
 * exposes (a mismatch is a blank tab, no error), and shows the traffic's rates only when what it
 * reads is scaled right. Both are checked here against models of the upstream code, fed with
 * the rendered configs and rules.
 */
import { parse } from "yaml";
import { METRICS } from "../../tracing/monitoring/alert-rules";
import { renderGatewayConfig } from "../../tracing/pipeline/gateway-config";
import { renderCollectorConfig, renderQueryConfig } from "../../tracing/pipeline/jaeger-config";
import { monitorTabPossible } from "../../tracing/pipeline/sampling";
import { renderMonitorTabRules, renderQueryMetricsBackend, type RecordingRuleFile } from "../../tracing/monitoring/monitor-tab";
import { SAMPLING_REASON_ATTRIBUTE } from "../../tracing/pipeline/sampling";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables, type TracingSettings } from "../../tracing/settings";
import { toYaml } from "../../tracing/core/yaml";
import { selectorMatchers } from "../promql";
import { keptBy, policiesOf, span, traceId, type Trace } from "../tail-sampling-model";

const asRead = (config: object): any => parse(toYaml(config));
const placement = { elasticsearchUrl: "https://elasticsearch:9200" };
const queryConfig = (settings: TracingSettings) =>
  asRead(renderQueryConfig(settings, { ...placement, metricsBackend: renderQueryMetricsBackend(settings, { url: "http://prometheus:9090" }) }));
const sdkMode = (env: EnvironmentVariables = {}) => resolveSettings("prod", env);
const collectorMode = (stack: "local" | "prod") => resolveSettings(stack, { TRACE_SAMPLING_MODE: "collector" });

/**
 * The connector's two metrics as the `prometheus` exporter names them. contrib v0.155.0:
 * connector/spanmetricsconnector connector.go `buildMetricName(namespace, "calls")` (a
 * monotonic cumulative sum, no unit) and `"duration"` (histogram, unit `histogram.unit`),
 * namespace default `traces.span.metrics` (config.go `DefaultNamespace`); the exporter's
 * `translation_strategy` (exporter/prometheusexporter config.go): `UnderscoreEscaping*` turns
 * every character outside `[a-zA-Z0-9_:]` into `_`; `*WithSuffixes` appends the unit's long
 * name (pkg/translator/prometheus: ms → milliseconds, s → seconds) and `_total` to a monotonic
 * sum. Unset, it is `UnderscoreEscapingWithSuffixes` (the `DisableAddMetricSuffixes` gate is
 * beta from v0.154.0: contrib PR #48930, #49446).
 */
function exposedNames(pipelineConfig: any): { calls: string; durationBucket: string } {
  const connector = pipelineConfig.connectors.spanmetrics;
  const strategy: string = pipelineConfig.exporters.prometheus.translation_strategy ?? "UnderscoreEscapingWithSuffixes";
  if (!strategy.startsWith("UnderscoreEscaping")) throw new Error(`the model does not know translation_strategy ${strategy}`);
  const suffixes = strategy.endsWith("WithSuffixes");
  const escape = (name: string) => name.replace(/[^a-zA-Z0-9_:]/g, "_");
  const namespace = connector.namespace ?? "traces.span.metrics";
  const unit = ({ ms: "milliseconds", s: "seconds" } as Record<string, string>)[connector.histogram?.unit ?? "ms"];
  return {
    calls: escape(`${namespace}.calls`) + (suffixes ? "_total" : ""),
    durationBucket: `${escape(`${namespace}.duration`)}${suffixes ? `_${unit}` : ""}_bucket`,
  };
}

/**
 * The names query asks for: Jaeger v2.20.0 internal/storage/metricstore/prometheus/metricstore/
 * reader.go `buildFullCallsMetricName`, `buildFullLatencyMetricName` (then `_bucket` in
 * `GetLatencies`), with options.go's defaults for keys left out.
 */
function queriedNames(query: any): { calls: string; durationBucket: string } {
  const backendName = query.extensions.jaeger_query.storage.metrics;
  const prometheus = query.extensions.jaeger_storage.metric_backends[backendName].prometheus;
  const namespace = prometheus.metric_namespace ?? "traces_span_metrics";
  const unit = ({ ms: "milliseconds", s: "seconds" } as Record<string, string>)[prometheus.latency_unit ?? "ms"];
  return {
    calls: `${namespace}_calls${prometheus.normalize_calls ? "_total" : ""}`,
    durationBucket: `${namespace}_duration${prometheus.normalize_duration ? `_${unit}` : ""}_bucket`,
  };
}

/** What each `sdk`-mode recording rule records, and the metric it reads. */
const recorded = (rules: RecordingRuleFile) =>
  rules.groups.flatMap((g) => g.rules).map((r) => ({ record: r.record, reads: /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(r.expr)![1] }));

describe("the names query asks for are the names the exporter exposes", () => {
  test("collector mode: query reads the connector's metrics as the gateway (prod) and the collector (local) expose them", () => {
    for (const [where, config] of [
      ["prod gateway", renderGatewayConfig(collectorMode("prod"))],
      ["local collector", renderCollectorConfig(collectorMode("local"), placement)],
    ] as const) {
      const exposed = exposedNames(asRead(config));
      expect([where, exposed]).toEqual([where, { calls: "traces_span_metrics_calls_total", durationBucket: "traces_span_metrics_duration_milliseconds_bucket" }]);
      expect(queriedNames(queryConfig(collectorMode("prod")))).toEqual(exposed);
    }
  });

  test("sdk mode: the rules read what the collector exposes, and query reads what the rules record", () => {
    const settings = sdkMode();
    const exposed = exposedNames(asRead(renderCollectorConfig(settings, placement)));
    const rules = recorded(renderMonitorTabRules(settings));
    const queried = queriedNames(queryConfig(settings));
    expect(rules).toEqual([
      { record: "genesis_population_span_metrics_calls_total", reads: exposed.calls },
      { record: "genesis_population_span_metrics_duration_milliseconds_bucket", reads: exposed.durationBucket },
    ]);
    expect(queried).toEqual({ calls: rules[0].record, durationBucket: rules[1].record });
  });

  test("the alerts and the dashboard read the same exposed names", () => {
    const exposed = exposedNames(asRead(renderCollectorConfig(sdkMode(), placement)));
    expect([METRICS.operationCalls, `${METRICS.operationDuration}_bucket`]).toEqual([exposed.calls, exposed.durationBucket]);
  });

  test("query's metrics backend: every key one Jaeger v2.20.0 defines, and only with a Prometheus", () => {
    const settings = sdkMode();
    const metrics = renderQueryMetricsBackend(settings, { url: "https://10.0.0.9:9090", caFile: "/ca.crt", bearerTokenFile: "/token", basicAuth: true });
    // internal/config/promcfg/config.go `Configuration` and cmd/internal/storageconfig/config.go `PrometheusConfiguration.Authentication` (`auth.authenticator`).
    expect(metrics.backend).toEqual({
      prometheus: {
        endpoint: "https://10.0.0.9:9090",
        tls: { ca_file: "/ca.crt" },
        token_file_path: "/token",
        auth: { authenticator: "basicauth/prometheus" },
        metric_namespace: "genesis_population_span_metrics",
        latency_unit: "ms",
        normalize_calls: true,
        normalize_duration: true,
      },
    });
    // contrib basicauthextension config.go `ClientAuthSettings`, its credentials from query's environment.
    const query = asRead(renderQueryConfig(settings, { ...placement, metricsBackend: metrics }));
    expect(query.extensions["basicauth/prometheus"]).toEqual({ client_auth: { username: "${env:PROMETHEUS_USERNAME}", password: "${env:PROMETHEUS_PASSWORD}" } });
    expect(query.service.extensions).toEqual(["basicauth/prometheus", "jaeger_storage", "jaeger_query", "healthcheckv2"]);
    const without = asRead(renderQueryConfig(sdkMode(), placement)).extensions;
    expect(without.jaeger_query.storage).toEqual({ traces: "genesis_elasticsearch" });
    expect(without.jaeger_storage.metric_backends).toBeUndefined();
  });
});

// ---- True rates: a synthetic stream of known rates, through the sampling model, to the tab ----

/** The connector's default explicit buckets in ms (contrib connector/spanmetricsconnector `defaultHistogramBucketsMs`). */
const BUCKETS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000, Infinity];

interface Operation {
  readonly service: string;
  readonly name: string;
  readonly perSecond: number;
  /** Every n-th call fails. */
  readonly errorEvery: number;
  /** Duration of the i-th call. */
  readonly durationMs: (i: number) => number;
}
/** One minute of traffic: two services, one of them critical; known rates, error shares and latencies. */
const WINDOW_SECONDS = 60;
const STREAM: readonly Operation[] = [
  { service: "quote", name: "genesis.quote.get", perSecond: 400, errorEvery: 5, durationMs: (i) => 3 + ((i * 37) % 140) },
  { service: "orders", name: "genesis.order.submit", perSecond: 200, errorEvery: 50, durationMs: (i) => 20 + ((i * 53) % 90) },
];

type Series = Map<string, { labels: Record<string, string>; calls: number; buckets: number[] }>;

/** The connector's counters after the window: one series per label set, as it exports them. */
function count(spans: { op: Operation; trace: Trace; reason?: string }[]): Series {
  const series: Series = new Map();
  for (const { op, trace, reason } of spans) {
    const s = trace.spans[0];
    const labels: Record<string, string> = {
      // As the cluster's Prometheus labels the collectors' series (the prod alert selector's label).
      namespace: "tracing",
      service_name: op.service,
      span_name: op.name,
      span_kind: "SPAN_KIND_SERVER",
      status_code: s.status === "ERROR" ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET",
      ...(reason === undefined ? {} : { [SAMPLING_REASON_ATTRIBUTE.replace(/[.]/g, "_")]: reason }),
    };
    const key = JSON.stringify(labels);
    if (!series.has(key)) series.set(key, { labels, calls: 0, buckets: BUCKETS_MS.map(() => 0) });
    const entry = series.get(key)!;
    entry.calls += 1;
    BUCKETS_MS.forEach((le, b) => (entry.buckets[b] += s.endMs - s.startMs <= le ? 1 : 0));
  }
  return series;
}

function stream(): { op: Operation; trace: Trace }[] {
  let n = 0;
  return STREAM.flatMap((op) =>
    Array.from({ length: op.perSecond * WINDOW_SECONDS }, (_, i) => ({
      op,
      trace: { id: traceId(n++), spans: [span(op.name, op.durationMs(i), i % op.errorEvery === 0 ? { status: "ERROR" } : {})] },
    })),
  );
}

/**
 * The Genesis tracer in `sdk` mode (docs/sampling.md, "Honest metrics in `sdk` mode"): it tosses the base
 * coin first and keeps a span it wins with no reason; otherwise it keeps it for the first rule
 * that does, marked with that rule's reason. The coin and the rules are the guide's policy at
 * the settings' rates, decided by the same model as the collectors' tail sampling.
 */
const REASONS: Record<string, string> = { errors: "error", slow: "slow", "critical-operations": "critical" };
function headSampled(settings: TracingSettings, traffic: { op: Operation; trace: Trace }[]) {
  const policies = policiesOf(settings);
  return traffic.flatMap(({ op, trace }) => {
    const kept = keptBy(policies, trace);
    if (kept.includes("base")) return [{ op, trace }];
    return kept.length === 0 ? [] : [{ op, trace, reason: REASONS[kept[0]] }];
  });
}

/** A selector's matchers, applied as Prometheus does (an absent label is the empty string). */
function matches(labels: Record<string, string>, matchers: string[]): boolean {
  return matchers.every((m) => {
    const [, name, op, value] = /^(\w+)\s*(=~|!~|!=|=)\s*"(.*)"$/.exec(m)!;
    const actual = labels[name] ?? "";
    const full = new RegExp(`^(?:${value})$`);
    return { "=": actual === value, "!=": actual !== value, "=~": full.test(actual), "!~": !full.test(actual) }[op];
  });
}

/**
 * What the tab shows for a service over the window, from the series Prometheus holds: the
 * `sdk`-mode rules applied (each `metric{matchers} [/ rate]` per series), then query's sums.
 */
function tab(settings: TracingSettings, raw: Series, service: string) {
  let series = [...raw.values()];
  const rule = (suffix: string) => renderMonitorTabRules(settings).groups.flatMap((g) => g.rules).find((r) => r.record.endsWith(suffix));
  const callsRule = rule("_calls_total");
  if (callsRule) {
    const divisor = Number(/\/\s*([\d.e-]+)$/.exec(callsRule.expr)?.[1] ?? 1);
    const bucketMatchers = selectorMatchers(rule("_bucket")!.expr)[0];
    series = series
      .filter((s) => matches(s.labels, selectorMatchers(callsRule.expr)[0]) && matches(s.labels, bucketMatchers))
      .map((s) => ({ ...s, calls: s.calls / divisor }));
  }
  const mine = series.filter((s) => s.labels.service_name === service);
  const calls = mine.reduce((sum, s) => sum + s.calls, 0);
  const errors = mine.filter((s) => s.labels.status_code === "STATUS_CODE_ERROR").reduce((sum, s) => sum + s.calls, 0);
  const buckets = BUCKETS_MS.map((_, b) => mine.reduce((sum, s) => sum + s.buckets[b], 0));
  return { callsPerSecond: calls / WINDOW_SECONDS, errorRate: errors / calls, p95Ms: histogramQuantile(0.95, buckets) };
}

/** Prometheus' `histogram_quantile` on cumulative buckets (linear inside the bucket, from 0 in the first). */
function histogramQuantile(q: number, cumulative: number[]): number {
  const rank = q * cumulative[cumulative.length - 1];
  const b = cumulative.findIndex((c) => c >= rank);
  const [lower, below] = b === 0 ? [0, 0] : [BUCKETS_MS[b - 1], cumulative[b - 1]];
  return lower + ((BUCKETS_MS[b] - lower) * (rank - below)) / (cumulative[b] - below);
}

const relativeError = (shown: number, truth: number) => Math.abs(shown - truth) / truth;

describe("the tab shows the traffic's rates: a synthetic stream of known rates through the sampling model", () => {
  const traffic = stream();
  const truth = count(traffic);
  // 25 %: enough kept spans in one minute for the estimate's own noise (1 / sqrt(kept spans), docs/monitoring.md) to stay near 1 %.
  const sdk = sdkMode({ TRACE_SAMPLING_RATE: "0.25" });
  const sample = count(headSampled(sdk, traffic));

  test("collector mode: span metrics count every span before tail sampling, so the tab shows the traffic exactly", () => {
    for (const [where, config] of [
      ["prod gateway", renderGatewayConfig(collectorMode("prod"))],
      ["local collector", renderCollectorConfig(collectorMode("local"), placement)],
    ] as const) {
      const pipelines = asRead(config).service.pipelines;
      // Every pipeline that feeds the connector runs no sampling before it.
      const feeding = Object.entries<any>(pipelines).filter(([, p]) => p.exporters.includes("spanmetrics"));
      expect([where, feeding.map(([, p]) => p.processors.includes("tail_sampling"))]).toEqual([where, [false]]);
    }
    const settings = collectorMode("prod");
    for (const op of STREAM) {
      expect(tab(settings, truth, op.service).callsPerSecond).toBe(op.perSecond);
    }
  });

  test("sdk mode: the rules scale the uniform part to within 5 % of the traffic's call rate, error rate and p95 latency", () => {
    for (const op of STREAM) {
      const shown = tab(sdk, sample, op.service);
      const real = tab(collectorMode("prod"), truth, op.service);
      expect(real.callsPerSecond).toBe(op.perSecond);
      expect(real.errorRate).toBeCloseTo(1 / op.errorEvery, 3);
      expect(relativeError(shown.callsPerSecond, real.callsPerSecond)).toBeLessThan(0.05);
      expect(relativeError(shown.errorRate, real.errorRate)).toBeLessThan(0.05);
      expect(relativeError(shown.p95Ms, real.p95Ms)).toBeLessThan(0.05);
    }
  });

  test("sdk mode without the rules, the tab would be far off: the sample's own rates are the rules' share, not the traffic's", () => {
    const unscaled = tab(collectorMode("prod"), sample, "quote");
    // A quarter by the coin plus every error and slow call it missed: 232 calls/s of 400, 35 % errors of 20 %.
    expect(relativeError(unscaled.callsPerSecond, 400)).toBeGreaterThan(0.4);
    expect(relativeError(unscaled.errorRate, 0.2)).toBeGreaterThan(0.7);
  });

  test("sdk mode at a base rate of 0 has no uniform part: no rules, and the stacks turn the tab off", () => {
    const settings = sdkMode({ TRACE_SAMPLING_RATE: "0" });
    expect(monitorTabPossible(settings)).toBe(false);
    expect(renderMonitorTabRules(settings)).toEqual({ groups: [] });
    expect(monitorTabPossible(collectorMode("prod"))).toBe(true);
  });
});
