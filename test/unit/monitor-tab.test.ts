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
import { keptBy, policiesOf, span, traceId, type Span, type Trace } from "../tail-sampling-model";

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

/** What each recording rule records, and the metric it reads. */
const recorded = (rules: RecordingRuleFile) =>
  rules.groups.flatMap((g) => g.rules).map((r) => ({ record: r.record, reads: /([a-zA-Z_:][a-zA-Z0-9_:]*)\{/.exec(r.expr)![1] }));

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

  test("sampled span metrics: the rules read what the collector (sdk mode) or the gateway and local collector (collector mode, head rate < 1) expose, and query reads what the rules record", () => {
    const headRate = { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.1" };
    for (const [where, settings, config] of [
      ["sdk mode, prod collector", sdkMode(), renderCollectorConfig(sdkMode(), placement)],
      ["collector mode, prod gateway", resolveSettings("prod", headRate), renderGatewayConfig(resolveSettings("prod", headRate))],
      ["collector mode, local collector", resolveSettings("local", headRate), renderCollectorConfig(resolveSettings("local", headRate), placement)],
    ] as const) {
      const exposed = exposedNames(asRead(config));
      const rules = recorded(renderMonitorTabRules(settings));
      expect([where, rules]).toEqual([
        where,
        [
          { record: "genesis_population_span_metrics_calls_total", reads: exposed.calls },
          { record: "genesis_population_span_metrics_duration_milliseconds_bucket", reads: exposed.durationBucket },
        ],
      ]);
      expect([where, queriedNames(queryConfig(settings))]).toEqual([where, { calls: rules[0].record, durationBucket: rules[1].record }]);
    }
  });

  test("the rules scale by the uniform share and record it as a label: sdk mode the base rate over the spans without a biased reason, collector mode the head rate over all", () => {
    const rules = (settings: TracingSettings) => renderMonitorTabRules(settings).groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(rules(sdkMode())).toEqual([
      'label_replace(traces_span_metrics_calls_total{namespace="tracing",genesis_sampling_reason!~"error|slow|critical"} / 0.01, "genesis_sampling_share", "0.01", "", "")',
      'traces_span_metrics_duration_milliseconds_bucket{namespace="tracing",genesis_sampling_reason!~"error|slow|critical"}',
    ]);
    expect(rules(resolveSettings("local", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.1" }))).toEqual([
      'label_replace(traces_span_metrics_calls_total{job="genesis-tracing"} / 0.1, "genesis_sampling_share", "0.1", "", "")',
      'traces_span_metrics_duration_milliseconds_bucket{job="genesis-tracing"}',
    ]);
    // A share of 1 (collector mode's default head rate, local sdk mode's base rate): the span metrics are the traffic.
    for (const settings of [collectorMode("prod"), resolveSettings("local")]) {
      expect([settings.stack, settings.sampling.mode, rules(settings)]).toEqual([settings.stack, settings.sampling.mode, []]);
      expect(queryConfig(settings).extensions.jaeger_storage.metric_backends.genesis_prometheus.prometheus.metric_namespace).toBe("traces_span_metrics");
    }
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
  /** Every n-th call fails. */
  readonly errorEvery: number;
  /** Duration of the i-th call. */
  readonly durationMs: (i: number) => number;
}
interface Entry extends Operation {
  readonly perSecond: number;
  /** The operation each call makes downstream, in another service, in the same trace. */
  readonly calls?: Operation;
}
/**
 * One minute of traffic: `quote` on its own; `orders` (a critical operation) calls `ledger`,
 * which only critical operations call, in every trace. Known rates, error shares and latencies.
 */
const WINDOW_SECONDS = 60;
const STREAM: readonly Entry[] = [
  { service: "quote", name: "genesis.quote.get", perSecond: 400, errorEvery: 5, durationMs: (i) => 3 + ((i * 37) % 140) },
  {
    service: "orders",
    name: "genesis.order.submit",
    perSecond: 200,
    errorEvery: 4,
    durationMs: (i) => 20 + ((i * 53) % 90),
    calls: { service: "ledger", name: "genesis.ledger.reserve", errorEvery: 5, durationMs: (i) => 4 + ((i * 31) % 70) },
  },
];
/** Each service's calls per second and error share, as the stream makes them. */
const TRUTH = { quote: { perSecond: 400, errorRate: 1 / 5 }, orders: { perSecond: 200, errorRate: 1 / 4 }, ledger: { perSecond: 200, errorRate: 1 / 5 } };
const SERVICES = Object.keys(TRUTH) as (keyof typeof TRUTH)[];

function stream(): Trace[] {
  let n = 0;
  return STREAM.flatMap((entry) =>
    Array.from({ length: entry.perSecond * WINDOW_SECONDS }, (_, i) => ({
      id: traceId(n++),
      spans: [entry, ...(entry.calls ? [entry.calls] : [])].map((op) =>
        span(op.name, op.durationMs(i), { service: op.service, ...(i % op.errorEvery === 0 ? { status: "ERROR" as const } : {}) }),
      ),
    })),
  );
}

/** The spans that reach the span metrics, each with the reason it carries, if any. */
type Exported = { readonly span: Span; readonly reason?: string }[];
const everySpan = (traces: Trace[]): Exported => traces.flatMap((t) => t.spans.map((s) => ({ span: s })));

type Series = Map<string, { labels: Record<string, string>; calls: number; buckets: number[] }>;

/** The connector's counters after the window: one series per label set, as it exports them. */
function count(exported: Exported): Series {
  const series: Series = new Map();
  for (const { span: s, reason } of exported) {
    const labels: Record<string, string> = {
      // As the cluster's Prometheus labels the collectors' series (the prod alert selector's label).
      namespace: "tracing",
      service_name: s.service!,
      span_name: s.name,
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

/**
 * The Genesis tracer in `sdk` mode (docs/sampling.md, "Honest metrics in `sdk` mode"): it tosses
 * the base coin first and keeps a trace it wins with no reason; otherwise it keeps it for the
 * first rule that does, marked with that rule's reason. The coin and the rules are the guide's
 * policy at the settings' rates, decided by the same model as the collectors' tail sampling.
 * Downstream services keep the trace by the parent's sampled flag. `every service`: the
 * contract of docs/sampling.md, the reason travels with the trace and every service's span
 * carries it; `root service only`: it does not travel, and only the deciding service's spans
 * carry it.
 */
const REASONS: Record<string, string> = { errors: "error", slow: "slow", "critical-operations": "critical" };
/** The rules that keep each trace at the settings' rates, in the policy's order. */
function decisions(settings: TracingSettings, traces: Trace[]): string[][] {
  const policies = policiesOf(settings);
  return traces.map((trace) => keptBy(policies, trace));
}
function sdkExported(traces: Trace[], rulesKeeping: string[][], reasonOn: "every service" | "root service only"): Exported {
  return traces.flatMap((trace, i) => {
    const kept = rulesKeeping[i];
    if (kept.length === 0) return [];
    const reason = kept.includes("base") ? undefined : REASONS[kept[0]];
    const root = trace.spans[0].service;
    return trace.spans.map((s) => ({ span: s, ...(reasonOn === "every service" || s.service === root ? { reason } : {}) }));
  });
}

/**
 * `collector` mode at a head rate below 1: the SDK's `parentbased_traceidratio` keeps a root's
 * trace when its trace ID falls in the rate's share, and every downstream span follows the
 * parent's sampled flag. The specification's TraceIdRatioBased sampler leaves the function of
 * the ID to the SDK; here the ID's last 8 bytes below rate × 2^64 (uniform over random IDs).
 */
function headRateExported(settings: TracingSettings, traces: Trace[]): Exported {
  const bound = BigInt(Math.floor(settings.sampling.headRate * 2 ** 64));
  return everySpan(traces.filter((t) => BigInt(`0x${t.id.slice(16)}`) < bound));
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
 * rendered rules applied per series (`label_replace(calls{matchers} / share, label, share, "", "")`
 * and `buckets{matchers}`), or the raw series where there are none, then query's sums, which
 * add up across every label but the service's.
 */
function tab(settings: TracingSettings, raw: Series, service: string) {
  const rules = renderMonitorTabRules(settings).groups.flatMap((g) => g.rules);
  const rule = (suffix: string) => rules.find((r) => r.record.endsWith(suffix))!;
  let callSeries = [...raw.values()];
  let bucketSeries = [...raw.values()];
  if (rules.length > 0) {
    const [, share, label, value] = /^label_replace\(\w+\{[^}]*\} \/ ([\d.e-]+), "(\w+)", "([^"]*)", "", ""\)$/.exec(rule("_calls_total").expr)!;
    callSeries = callSeries
      .filter((s) => matches(s.labels, selectorMatchers(rule("_calls_total").expr)[0]))
      .map((s) => ({ ...s, labels: { ...s.labels, [label]: value }, calls: s.calls / Number(share) }));
    bucketSeries = bucketSeries.filter((s) => matches(s.labels, selectorMatchers(rule("_bucket").expr)[0]));
  }
  const calls = callSeries.filter((s) => s.labels.service_name === service);
  const callCount = calls.reduce((sum, s) => sum + s.calls, 0);
  const errors = calls.filter((s) => s.labels.status_code === "STATUS_CODE_ERROR").reduce((sum, s) => sum + s.calls, 0);
  const buckets = BUCKETS_MS.map((_, b) => bucketSeries.filter((s) => s.labels.service_name === service).reduce((sum, s) => sum + s.buckets[b], 0));
  return { callsPerSecond: callCount / WINDOW_SECONDS, errorRate: errors / callCount, p95Ms: histogramQuantile(0.95, buckets) };
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
  const truth = count(everySpan(traffic));
  const unsampled = collectorMode("prod");
  // 50 %: enough kept spans in one minute for the estimate's own noise (docs/monitoring.md) to stay
  // well inside 5 %, the error rates' too (about 2 % for the 3000 errors a minute of `orders` holds).
  const sdk = sdkMode({ TRACE_SAMPLING_RATE: "0.5" });
  const sample = count(sdkExported(traffic, decisions(sdk, traffic), "every service"));

  /** Call rate, error rate and p95 the tab shows from `series`, each within 5 % of the traffic's, for every service. */
  const expectWithinFivePercent = (settings: TracingSettings, series: Series) => {
    for (const service of SERVICES) {
      const shown = tab(settings, series, service);
      const real = tab(unsampled, truth, service);
      expect([service, real.callsPerSecond, real.errorRate]).toEqual([service, TRUTH[service].perSecond, TRUTH[service].errorRate]);
      expect([service, relativeError(shown.callsPerSecond, real.callsPerSecond) < 0.05]).toEqual([service, true]);
      expect([service, relativeError(shown.errorRate, real.errorRate) < 0.05]).toEqual([service, true]);
      expect([service, relativeError(shown.p95Ms, real.p95Ms) < 0.05]).toEqual([service, true]);
    }
  };

  test("collector mode: span metrics count every span before tail sampling, so at a head rate of 1 the tab shows the traffic exactly", () => {
    for (const [where, config] of [
      ["prod gateway", renderGatewayConfig(collectorMode("prod"))],
      ["local collector", renderCollectorConfig(collectorMode("local"), placement)],
    ] as const) {
      const pipelines = asRead(config).service.pipelines;
      // Every pipeline that feeds the connector runs no sampling before it.
      const feeding = Object.entries<any>(pipelines).filter(([, p]) => p.exporters.includes("spanmetrics"));
      expect([where, feeding.map(([, p]) => p.processors.includes("tail_sampling"))]).toEqual([where, [false]]);
    }
    expect(renderMonitorTabRules(unsampled)).toEqual({ groups: [] });
    expect(SERVICES.map((service) => tab(unsampled, truth, service).callsPerSecond)).toEqual([400, 200, 200]);
  });

  test("collector mode at a head rate of 50 %: the rules scale what the SDKs export to within 5 % of the traffic's call rate, error rate and p95 latency", () => {
    const settings = resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.5" });
    const exported = count(headRateExported(settings, traffic));
    expectWithinFivePercent(settings, exported);
    // Unscaled, the tab would show the head rate's share.
    expect(Math.round(tab(unsampled, exported, "quote").callsPerSecond / 10) * 10).toBe(200);
  });

  test("sdk mode, the reason on every service's span: the rules scale the uniform part to within 5 % of the traffic's call rate, error rate and p95 latency", () => {
    expectWithinFivePercent(sdk, sample);
  });

  test("sdk mode without the rules, the tab would be far off: the sample's own rates are the rules' share, not the traffic's", () => {
    const unscaled = tab(unsampled, sample, "quote");
    // Half by the coin plus every error and slow call it missed: 287 calls/s of 400, 28 % errors of 20 %.
    expect(Math.round(unscaled.callsPerSecond)).toBe(287);
    expect(unscaled.errorRate).toBeCloseTo(0.279, 3);
  });

  test("sdk mode, the reason only on the deciding service's spans (the contract broken): a service that critical operations call is counted many times over", () => {
    // Prod's 1 % base rate. `ledger`'s spans of the orders traces a rule kept carry no reason, so
    // they count as uniform and are scaled by 100: the tab shows (r + (1 - r) x p) / r of the
    // truth, r the base rate and p the share of orders traces only a rule keeps (10 % critical,
    // and the errors and slow ones: half of them in this stream). At p = 10 % (critical alone), 11x.
    const settings = sdkMode();
    const rulesKeeping = decisions(settings, traffic);
    const ruleOnly = traffic.filter((t, i) => t.spans[0].service === "orders" && rulesKeeping[i].length > 0 && !rulesKeeping[i].includes("base"));
    const p = ruleOnly.length / (200 * WINDOW_SECONDS);
    expect(Number(p.toFixed(3))).toBe(0.508);
    const broken = count(sdkExported(traffic, rulesKeeping, "root service only"));
    const kept = count(sdkExported(traffic, rulesKeeping, "every service"));
    const overCount = tab(settings, broken, "ledger").callsPerSecond / 200;
    // 51x expected; the 120 uniform traces of the minute make it 52x here.
    expect(Math.round(overCount)).toBe(52);
    expect(relativeError(overCount, (0.01 + 0.99 * p) / 0.01)).toBeLessThan(0.05);
    expect(Math.round(tab(settings, kept, "ledger").callsPerSecond / 200)).toBe(1);
    // The deciding service's own spans carry the reason either way.
    expect(tab(settings, broken, "orders").callsPerSecond).toBe(tab(settings, kept, "orders").callsPerSecond);
  });

  test("sdk mode at a base rate of 0 has no uniform part: no rules, and the stacks turn the tab off", () => {
    const settings = sdkMode({ TRACE_SAMPLING_RATE: "0" });
    expect(monitorTabPossible(settings)).toBe(false);
    expect(renderMonitorTabRules(settings)).toEqual({ groups: [] });
    expect(monitorTabPossible(collectorMode("prod"))).toBe(true);
  });
});
