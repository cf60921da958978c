/**
 * The steps of `npm run smoke -- local|prod`, the user's proof of a deploy: send one trace
 * through the OpenTelemetry JS SDK's OTLP/gRPC exporter over TLS with the stack's CA, read it
 * back through the Jaeger query API (`GET /api/traces/{traceID}`, Jaeger 2.20's
 * `cmd/jaeger/internal/extension/jaegerquery/internal/http_handler.go`: 200 with `data`, 404
 * while it is not stored), and check the ILM policy and write aliases as the monitoring user.
 * Each step ends as pass or fail with the likely cause. Everything it reaches is in the
 * `SmokeTarget`, so the tests point it at in-process servers on 127.0.0.1. When the stack's
 * query has a metrics backend, a last step asks query's metrics API for the smoke service's
 * call rate, as the UI's Monitor tab does.
 */
import { credentials } from "@grpc/grpc-js";
import { SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { AlwaysOnSampler, BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { randomBytes } from "node:crypto";
import { request } from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { ilmPolicyName, ROLLOVER_INIT_INDEX_TYPES, rolloverIndexNames } from "../tracing/elasticsearch/ilm";
import { elasticsearchPrincipal } from "../tracing/elasticsearch/elasticsearch-access";
import type { StackName, TracingSettings } from "../tracing/settings";
import { scopedVariable } from "../tracing/settings/environment";
import { monitorTabPossible, spanMetricsAt } from "../tracing/pipeline/sampling";
import { SPAN_METRICS_FLUSH_SECONDS } from "../tracing/pipeline/jaeger-config";
import { prodMonitorTabPrometheus, scaledByRules } from "../tracing/monitoring/monitor-tab";
import { LOCAL_PROMETHEUS_INTERVAL_SECONDS } from "../tracing/monitoring/local-prometheus";
import { SCRAPE_INTERVAL_SECONDS } from "../tracing/core/scrape";
import { PORTS } from "../tracing/core/ports";

/** A TLS endpoint: where to connect, and the name its certificate must carry. */
export interface TlsEndpoint {
  readonly host: string;
  readonly port: number;
  /** @default - `host` */
  readonly serverName?: string;
}

export interface SmokeTarget {
  readonly stack: StackName;
  /** PEM of the CA(s) the stack's servers are signed by. */
  readonly caPem: string;
  /** Where the CA came from, for the messages. */
  readonly caSource: string;
  readonly otlp: TlsEndpoint;
  readonly query: TlsEndpoint;
  readonly elasticsearch: TlsEndpoint & { readonly username: string; readonly password: string };
}

export interface SmokeTimings {
  /** Longest wait for the collector to accept the trace. @default 10_000 */
  readonly exportTimeoutMs?: number;
  /** How long to ask the query API for the trace: the collector batches and Elasticsearch refreshes. @default 60_000 */
  readonly readBackTimeoutMs?: number;
  /** Pause between two reads. @default 2_000 */
  readonly pollIntervalMs?: number;
  /** Longest wait for one HTTP answer. @default 5_000 */
  readonly requestTimeoutMs?: number;
  /** How long to ask for the Monitor tab's call rate. @default - `monitorTabWaitMs` of the stack */
  readonly monitorTabTimeoutMs?: number;
}

export interface StepResult {
  readonly step: "send" | "read back" | "retention" | "monitor tab";
  /** True for a skipped step too: what does not apply to the stack fails nothing. */
  readonly pass: boolean;
  /** The step does not apply to this stack; `detail` says why. @default false */
  readonly skipped?: boolean;
  readonly detail: string;
}

/** What the smoke span looks like so that the stack's sampling keeps it, and why. */
export interface SmokeSpanPlan {
  /** Marked as an error: the tail sampler keeps every error trace. */
  readonly error: boolean;
  readonly durationMs: number;
  /** Why the backend keeps it; undefined when no rule keeps every such trace. */
  readonly keptBy?: string;
  /** What the SDK env's head sampler would do (the smoke forces sampling regardless). */
  readonly sdkSampler: string;
}

/**
 * The smoke span is always sampled by the SDK (AlwaysOnSampler: the SDK env's ratio sampler
 * could drop it). In `collector` sampling mode the tail sampler decides too: the span is made
 * an error when errors are kept at 1, else slower than the slow threshold when slow
 * operations are; otherwise nothing guarantees it is kept.
 */
export function smokeSpanPlan(settings: TracingSettings): SmokeSpanPlan {
  const s = settings.sampling;
  const headRate = s.mode === "sdk" ? s.baseRate : s.headRate;
  const sdkSampler = headRate >= 1 ? "parentbased_always_on" : `parentbased_traceidratio ${headRate} (would keep it with probability ${headRate})`;
  if (s.mode === "sdk") return { error: false, durationMs: 1, keptBy: "the collector keeps every span it receives (sdk sampling mode)", sdkSampler };
  if (s.errorRate >= 1) return { error: true, durationMs: 1, keptBy: "tail sampling keeps every error trace", sdkSampler };
  if (s.slowOperationRate >= 1) return { error: false, durationMs: s.slowOperationThresholdMs + 1, keptBy: `tail sampling keeps every trace slower than ${s.slowOperationThresholdMs} ms`, sdkSampler };
  return { error: true, durationMs: s.slowOperationThresholdMs + 1, sdkSampler };
}

/** A name no other trace has: the service and span carry it, so it is found again. */
export function smokeId(): string {
  return `smoke-${new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14)}-${randomBytes(4).toString("hex")}`;
}

/** A TLS identity check against `serverName` (a port-forward reaches a certificate issued for the Service's name). */
function identityCheck(serverName: string) {
  return (_host: string, cert: PeerCertificate) => checkServerIdentity(serverName, cert);
}

const TLS_PROBLEM = /certificate|self[- ]signed|unable to verify|SSL|TLS|handshake|Hostname\/IP does not match|ERR_TLS/i;
const REFUSED = /ECONNREFUSED|connection refused|No connection established|ENOTFOUND|EAI_AGAIN/i;
const TIMED_OUT = /timed? ?out|DEADLINE_EXCEEDED|ETIMEDOUT|no answer within/i;

/** The likely cause of a failed connection to `what` at `at`, as one clause. */
export function connectionCause(message: string, what: string, at: string, target: Pick<SmokeTarget, "stack" | "caSource">): string {
  if (TLS_PROBLEM.test(message)) {
    return `wrong CA: ${what}'s certificate does not verify against ${target.caSource} (a redeploy with a new CA, or another stack's CA file?)`;
  }
  if (REFUSED.test(message)) {
    return target.stack === "local"
      ? `nothing answers at ${at}: is the local stack deployed and running (cdktf deploy local, npm run doctor local)?`
      : `nothing answers at ${at}: is the kubectl port-forward running (see docs/operations.md#smoke-test-npm-run-smoke----localprod)?`;
  }
  if (message.startsWith("sampling dropped")) return "sampling dropped the span: the smoke span must be sampled whatever the SDK env says (a bug of smoke's)";
  if (TIMED_OUT.test(message)) return `policy blocking: no answer from ${what} at ${at} in time (a NetworkPolicy or firewall dropping the connection?)`;
  return `${what} at ${at} refused the connection`;
}

/** Exports one span with the SDK's OTLP/gRPC exporter; the trace ID, or the export error. */
export async function sendSmokeTrace(target: SmokeTarget, id: string, plan: SmokeSpanPlan, timeoutMs: number): Promise<{ ok: true; traceId: string } | { ok: false; error: string }> {
  const { host, port, serverName = host } = target.otlp;
  const exporter = new OTLPTraceExporter({
    url: `https://${host}:${port}`,
    credentials: credentials.createSsl(Buffer.from(target.caPem), null, null, { checkServerIdentity: identityCheck(serverName) }),
    timeoutMillis: timeoutMs,
  });
  let exported: ((result: { ok: true } | { ok: false; error: string }) => void) | undefined;
  const outcome = new Promise<{ ok: true } | { ok: false; error: string }>((resolve) => (exported = resolve));
  // Hands the exporter's own result back: the provider's flush does not report it.
  const reporting: SpanExporter = {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        exported?.(result.error ? { ok: false, error: result.error.message } : { ok: true });
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
  };
  const provider = new BasicTracerProvider({
    // The SDK env's ratio sampler could drop the one span: this one is always sampled.
    sampler: new AlwaysOnSampler(),
    // The unique name is the service's too, so the UI's service list finds it.
    resource: resourceFromAttributes({ "service.name": id }),
    spanProcessors: [new SimpleSpanProcessor(reporting)],
  });
  const start = Date.now() - plan.durationMs;
  // A server span: the Monitor tab (and its API) shows server spans unless asked otherwise.
  const span = provider.getTracer("genesis-tracing-smoke").startSpan(id, { kind: SpanKind.SERVER, startTime: start, attributes: { "smoke.id": id } });
  if (plan.error) span.setStatus({ code: SpanStatusCode.ERROR, message: "smoke test span, kept by the error rule" });
  span.end(start + plan.durationMs);
  const traceId = span.spanContext().traceId;
  if (!span.isRecording() && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
    await provider.shutdown().catch(() => undefined);
    return { ok: false, error: "sampling dropped the span in the SDK: nothing was exported" };
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ok: false; error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs / 1000} s` }), timeoutMs + 1_000);
  });
  const result = await Promise.race([outcome, late]);
  clearTimeout(timer);
  await provider.shutdown().catch(() => undefined);
  return result.ok ? { ok: true, traceId } : result;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTPS GET with the stack's CA; the answer, or why there is none. */
export function httpsGet(target: SmokeTarget, endpoint: TlsEndpoint, path: string, timeoutMs: number, auth?: string): Promise<{ ok: true; value: HttpAnswer } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: endpoint.host,
        port: endpoint.port,
        path,
        method: "GET",
        ca: target.caPem,
        checkServerIdentity: identityCheck(endpoint.serverName ?? endpoint.host),
        headers: { accept: "application/json", ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {}) },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ ok: true, value: { status: res.statusCode ?? 0, body } }));
        res.on("error", (error) => resolve({ ok: false, error: error.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ ok: false, error: `${error.code ?? ""} ${error.message}`.trim() }));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (e: TlsEndpoint) => `${e.host}:${e.port}`;

function parseJson(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** What the query API answered last while the trace was not there. */
type ReadBack = { found: true; detail: string } | { found: false; kind: "connection" | "http" | "absent"; detail: string };

/** Asks `GET /api/traces/{traceID}` until the trace with the smoke span is there or time is up. */
export async function readTraceBack(target: SmokeTarget, traceId: string, id: string, timings: Required<SmokeTimings>): Promise<ReadBack> {
  const deadline = Date.now() + timings.readBackTimeoutMs;
  let last: ReadBack = { found: false, kind: "absent", detail: "not asked" };
  for (let attempt = 1; ; attempt++) {
    const answer = await httpsGet(target, target.query, `/api/traces/${traceId}`, timings.requestTimeoutMs);
    if (!answer.ok) {
      last = { found: false, kind: "connection", detail: answer.error };
      // A certificate will not verify on the next try either.
      if (TLS_PROBLEM.test(answer.error)) return last;
    } else if (answer.value.status === 200) {
      const spans: any[] = parseJson(answer.value.body)?.data?.[0]?.spans ?? [];
      if (spans.some((span) => span.operationName === id)) return { found: true, detail: `trace ${traceId} found after ${attempt} ${attempt === 1 ? "read" : "reads"}` };
      last = { found: false, kind: "absent", detail: `trace ${traceId} has no span ${id}` };
    } else if (answer.value.status === 404) {
      last = { found: false, kind: "absent", detail: `trace ${traceId} not found` };
    } else {
      last = { found: false, kind: "http", detail: `the query API answered ${answer.value.status}: ${answer.value.body.slice(0, 200)}` };
      if (answer.value.status === 401 || answer.value.status === 403) return last;
    }
    if (Date.now() + timings.pollIntervalMs > deadline) return last;
    await sleep(timings.pollIntervalMs);
  }
}

export interface RetentionState {
  readonly policyMissing: boolean;
  readonly aliasesMissing: readonly string[];
}

/** Checks the ILM policy and every write alias in the cluster state, which cluster `monitor` may read. */
export async function checkRetention(
  target: SmokeTarget,
  settings: TracingSettings,
  timeoutMs: number,
): Promise<{ ok: true; value: RetentionState } | { ok: false; status?: number; error: string }> {
  const es = target.elasticsearch;
  // `_ilm/policy` and `_alias` need privileges the monitoring user has not (`read_ilm`,
  // `view_index_metadata`); the cluster state's metadata (cluster:monitor/state) holds both.
  const path = "/_cluster/state/metadata?filter_path=metadata.index_lifecycle.policies.*.version,metadata.indices.*.aliases";
  const answer = await httpsGet(target, es, path, timeoutMs, `${es.username}:${es.password}`);
  if (!answer.ok) return answer;
  if (answer.value.status !== 200) return { ok: false, status: answer.value.status, error: answer.value.body.slice(0, 200) };
  const metadata = parseJson(answer.value.body)?.metadata ?? {};
  const policies = Object.keys(metadata.index_lifecycle?.policies ?? {});
  // The API context lists alias names; other versions give an object keyed by name.
  const aliases = new Set(Object.values<any>(metadata.indices ?? {}).flatMap((index) => (Array.isArray(index.aliases) ? index.aliases : Object.keys(index.aliases ?? {}))));
  const wanted = ROLLOVER_INIT_INDEX_TYPES.map((type) => rolloverIndexNames(settings, type).writeAlias);
  return { ok: true, value: { policyMissing: !policies.includes(ilmPolicyName(settings)), aliasesMissing: wanted.filter((alias) => !aliases.has(alias)) } };
}

/**
 * Why the stack's query has no metrics backend, by the stacks' own rules (local-stack.ts:
 * `monitorTabPossible`; prod: `prodMonitorTabPrometheus`); undefined when it has one.
 */
export function monitorTabOffReason(stack: StackName, settings: TracingSettings): string | undefined {
  const on = stack === "local" ? monitorTabPossible(settings) : prodMonitorTabPrometheus(settings) !== undefined;
  if (on) return undefined;
  if (stack === "prod" && settings.kubernetes.prometheus.url === "") return "TRACING_PROMETHEUS_URL is unset";
  return `${scopedVariable(stack, "TRACE_SAMPLING_RATE")} (or TRACE_SAMPLING_RATE) is 0 in sdk sampling mode, so there is no uniform sample to scale (docs/monitoring.md#monitor-tab-service-performance-monitoring)`;
}

/** A Prometheus' `evaluation_interval` when its configuration sets none (Prometheus configuration docs, `global`: 1m). */
const PROMETHEUS_DEFAULT_EVALUATION_SECONDS = 60;

/** What the wait adds to the pipeline's own delays: a few polls (2 s apart) and their requests. */
const MONITOR_TAB_MARGIN_SECONDS = 15;

/**
 * The longest a span takes to show as a call rate. `rate()` needs two samples of the counter
 * that differ: the connector flushes every SPAN_METRICS_FLUSH_SECONDS, so the flush after the
 * first span and the next, which has counted a later one, are up to two intervals from the
 * start; Prometheus has the second at its next scrape and, in `sdk` mode, the recorded series
 * query reads at the rule evaluation after that. local: its Prometheus scrapes and evaluates
 * every LOCAL_PROMETHEUS_INTERVAL_SECONDS. prod: the stack's ServiceMonitors and scrape job
 * every SCRAPE_INTERVAL_SECONDS; the rules at the cluster Prometheus' own interval, assumed its
 * default. Plus MONITOR_TAB_MARGIN_SECONDS for the polls and the requests.
 */
export function monitorTabWaitMs(stack: StackName, settings: TracingSettings): number {
  const scrape = stack === "local" ? LOCAL_PROMETHEUS_INTERVAL_SECONDS : SCRAPE_INTERVAL_SECONDS;
  const evaluation = !scaledByRules(settings) ? 0 : stack === "local" ? LOCAL_PROMETHEUS_INTERVAL_SECONDS : PROMETHEUS_DEFAULT_EVALUATION_SECONDS;
  return (2 * SPAN_METRICS_FLUSH_SECONDS + scrape + evaluation + MONITOR_TAB_MARGIN_SECONDS) * 1000;
}

/**
 * What the UI's Monitor tab asks for a service's request rate, from Jaeger v2.20.0:
 * `GET /api/metrics/calls` (cmd/jaeger/internal/extension/jaegerquery/internal/http_handler.go
 * `RegisterRoutes`, `calls`); `service` required, `endTs` in Unix ms, `lookback`, `step` and
 * `ratePer` in ms, `spanKind` (query_parser.go `parseMetricsQueryParams`; defaults 1 h, 5 s,
 * 10 min, server in default_params.go). The Prometheus reader asks
 * `sum(rate(<namespace>_calls_total{service_name =~ "<service>", span_kind =~ "SPAN_KIND_SERVER"}[<ratePer>])) by (service_name)`
 * from endTs - lookback to endTs at `step` (internal/storage/metricstore/prometheus/metricstore/reader.go
 * `GetCallRates`, `executeQuery`, `buildPromQuery`; `promqlDurationString` keeps only the first
 * unit, so `ratePer` must be whole minutes or seconds). The values are the UI's
 * (jaeger-ui Monitor/ServicesView/index.tsx: lookback 1 h by default, step 1 min, ratePer 10 min, span kind server).
 */
export function callRatePath(service: string, endMs: number): string {
  const query = new URLSearchParams({ service, endTs: String(endMs), lookback: String(3_600_000), step: String(60_000), ratePer: String(600_000), spanKind: "server" });
  return `/api/metrics/calls?${query}`;
}

/**
 * The service's highest call rate in query's answer, a `MetricFamily` (internal/proto/metrics/openmetrics.proto
 * through gogo jsonpb, json_marshaler.go `newProtoJSONMarshaler`: `metrics[].labels[{name,value}]`,
 * `metrics[].metricPoints[].gaugeValue.doubleValue`; dbmodel/to_domain.go); 0 without a point.
 */
export function highestCallRate(body: string, service: string): number {
  const metrics: any[] = parseJson(body)?.metrics ?? [];
  const ofService = metrics.filter((m) => (m.labels ?? []).some((l: any) => l.name === "service_name" && l.value === service));
  // jsonpb writes NaN as the string "NaN", which Number turns back into NaN: never above 0.
  const values = ofService.flatMap((m) => (m.metricPoints ?? []).map((p: any) => Number(p.gaugeValue?.doubleValue ?? 0)));
  return Math.max(0, ...values.filter((v) => v > 0));
}

/** What the metrics API answered last while no call rate was there. */
type CallRate =
  | { found: true; rate: number; reads: number }
  | { found: false; kind: "connection" | "disabled" | "refused" | "backend" | "http" | "none"; detail: string };

/** Another span of the smoke service this often, so that each flush counts one more: the counter moves. */
const HEARTBEAT_MS = 10_000;

/**
 * Asks query's metrics API for the smoke service's call rate until one is above 0 or time is up.
 * A rate needs the counter to grow after Prometheus first saw it, and one span makes a counter
 * that stays at 1: so spans of the same service and operation keep coming while it waits.
 */
export async function waitForCallRate(target: SmokeTarget, id: string, plan: SmokeSpanPlan, timings: Required<SmokeTimings>): Promise<CallRate> {
  const deadline = Date.now() + timings.monitorTabTimeoutMs;
  let lastHeartbeat = -Infinity;
  let last: CallRate = { found: false, kind: "none", detail: "not asked" };
  for (let reads = 1; ; reads++) {
    if (Date.now() - lastHeartbeat >= HEARTBEAT_MS) {
      lastHeartbeat = Date.now();
      await sendSmokeTrace(target, id, plan, timings.exportTimeoutMs);
    }
    const answer = await httpsGet(target, target.query, callRatePath(id, Date.now()), timings.requestTimeoutMs);
    if (!answer.ok) {
      last = { found: false, kind: "connection", detail: answer.error };
      if (TLS_PROBLEM.test(answer.error)) return last;
    } else {
      const { status, body } = answer.value;
      // Errors come as JSON (http_handler.go `handleError`: `errors[0].msg`), whatever the content type says.
      const answered = `the metrics API answered ${status}: ${parseJson(body)?.errors?.[0]?.msg ?? body.trim().slice(0, 200)}`;
      if (status === 200) {
        const rate = highestCallRate(body, id);
        if (rate > 0) return { found: true, rate, reads };
        last = { found: false, kind: "none", detail: `no call rate above 0 for ${id}` };
      } else if (status === 501) return { found: false, kind: "disabled", detail: answered };
      else if (status === 401 || status === 403) return { found: false, kind: "refused", detail: answered };
      // 500: query could not run the Prometheus query (http_handler.go `metrics`; reader.go "failed executing metrics query").
      else last = { found: false, kind: status === 500 ? "backend" : "http", detail: answered };
    }
    if (Date.now() + timings.pollIntervalMs > deadline) return last;
    await sleep(timings.pollIntervalMs);
  }
}

/** The Monitor tab step: skipped when query has no metrics backend, else the call rate or the likely cause. */
async function monitorTabStep(target: SmokeTarget, settings: TracingSettings, id: string, plan: SmokeSpanPlan, sent: boolean, timings: Required<SmokeTimings>): Promise<StepResult> {
  const step = "monitor tab";
  const off = monitorTabOffReason(target.stack, settings);
  if (off !== undefined) return { step, pass: true, skipped: true, detail: `the Monitor tab is off: ${off}` };
  if (!sent) return { step, pass: false, detail: "skipped: nothing was sent" };
  const found = await waitForCallRate(target, id, plan, timings);
  if (found.found) {
    return { step, pass: true, detail: `${id} at ${found.rate.toPrecision(2)} calls/s in query's metrics API at ${at(target.query)} (what the Monitor tab shows), after ${found.reads} ${found.reads === 1 ? "read" : "reads"}` };
  }
  const check = "docs/monitoring.md#when-the-monitor-tab-shows-nothing";
  const prometheus = target.stack === "local" ? "the local Prometheus" : `the Prometheus at TRACING_PROMETHEUS_URL (${settings.kubernetes.prometheus.url})`;
  let cause: string;
  if (found.kind === "connection") cause = connectionCause(found.detail, "the query service", at(target.query), target);
  else if (found.kind === "refused") cause = "policy blocking: the query API refused the request";
  else if (found.kind === "disabled") cause = `query has no metrics backend, but these settings give it one: deployed with other settings? redeploy (cdktf deploy ${target.stack})`;
  else if (found.kind === "backend") cause = `Prometheus unreachable from query: query could not ask ${prometheus} (see ${check})`;
  else if (found.kind === "http") cause = `not the metrics API's answer: is ${at(target.query)} Jaeger query? (see ${check})`;
  else {
    const scraped = `no span metrics scraped yet (does ${prometheus} scrape port ${PORTS.spanMetrics} of the ${spanMetricsAt(settings)}?)`;
    const rules = scaledByRules(settings) ? " or recording rules not loaded (the span metrics are a sample: query reads only the series the rules record)" : "";
    cause = `${scraped}${rules}; see ${check}`;
  }
  const waited = found.kind === "none" || found.kind === "backend" ? ` within ${timings.monitorTabTimeoutMs / 1000} s` : "";
  return { step, pass: false, detail: `${found.detail}${waited} — ${cause}` };
}

const DEFAULT_TIMINGS: Omit<Required<SmokeTimings>, "monitorTabTimeoutMs"> = { exportTimeoutMs: 10_000, readBackTimeoutMs: 60_000, pollIntervalMs: 2_000, requestTimeoutMs: 5_000 };

export interface SmokeOptions extends SmokeTimings {
  /** @default - a fresh `smokeId()` */
  readonly id?: string;
  /** Told before a long wait. @default - nobody */
  readonly progress?: (line: string) => void;
}

/** Runs the four steps; every step runs, so one run shows all that is wrong. */
export async function runSmoke(target: SmokeTarget, settings: TracingSettings, options: SmokeOptions = {}): Promise<StepResult[]> {
  const timings = { ...DEFAULT_TIMINGS, monitorTabTimeoutMs: monitorTabWaitMs(target.stack, settings), ...options };
  const id = options.id ?? smokeId();
  const plan = smokeSpanPlan(settings);
  const sent = await sendSmokeTrace(target, id, plan, timings.exportTimeoutMs);
  const retention = await checkRetention(target, settings, timings.requestTimeoutMs);
  const es = target.elasticsearch;
  const noBootstrap = retention.ok && (retention.value.policyMissing || retention.value.aliasesMissing.length > 0);

  const send: StepResult = sent.ok
    ? { step: "send", pass: true, detail: `span ${id} of trace ${sent.traceId} accepted by the collector at ${at(target.otlp)} (sampling forced; the SDK env's sampler: ${plan.sdkSampler})` }
    : { step: "send", pass: false, detail: `the collector at ${at(target.otlp)} did not accept the span: ${sent.error} — ${connectionCause(sent.error, "the collector", at(target.otlp), target)}` };

  let readBack: StepResult;
  if (!sent.ok) readBack = { step: "read back", pass: false, detail: "skipped: nothing was sent" };
  else {
    const found = await readTraceBack(target, sent.traceId, id, timings);
    if (found.found) readBack = { step: "read back", pass: true, detail: `${found.detail} through the query API at ${at(target.query)}` };
    else if (found.kind === "connection") readBack = { step: "read back", pass: false, detail: `${found.detail} — ${connectionCause(found.detail, "the query service", at(target.query), target)}` };
    else if (found.kind === "http") readBack = { step: "read back", pass: false, detail: `${found.detail} — ${found.detail.includes(" 40") ? "policy blocking: the query API refused the request" : "the query service could not read Elasticsearch"}` };
    else {
      const waited = `${found.detail} within ${timings.readBackTimeoutMs / 1000} s`;
      const cause = noBootstrap
        ? "no bootstrap: the collector cannot store spans without the ILM policy and write aliases (see the retention step)"
        : !plan.keptBy
          ? `sampling dropped the span: no tail-sampling rule keeps every trace (errors at ${settings.sampling.errorRate}, slow operations at ${settings.sampling.slowOperationRate}, base ${settings.sampling.baseRate})`
          : `the collector accepted it but did not store it (${plan.keptBy}): look at the collector's logs for Elasticsearch errors (401: the writer's password; no bootstrap?)`;
      readBack = { step: "read back", pass: false, detail: `${waited} — ${cause}` };
    }
  }

  let retentionStep: StepResult;
  const who = `as ${es.username}`;
  if (!retention.ok) {
    const cause =
      retention.status === 401
        ? `no bootstrap: Elasticsearch does not know ${es.username} or its password (the bootstrap creates the users)`
        : retention.status === 403
          ? `policy blocking: ${es.username} may not read the cluster state (its role needs cluster monitor)`
          : retention.status !== undefined
            ? `Elasticsearch answered ${retention.status}`
            : connectionCause(retention.error, "Elasticsearch", at(es), target);
    retentionStep = { step: "retention", pass: false, detail: `could not read the cluster state ${who}: ${retention.error} — ${cause}` };
  } else if (noBootstrap) {
    const missing = [...(retention.value.policyMissing ? [`ILM policy ${ilmPolicyName(settings)}`] : []), ...retention.value.aliasesMissing.map((alias) => `write alias ${alias}`)];
    retentionStep = { step: "retention", pass: false, detail: `missing ${missing.join(", ")} — no bootstrap: the bootstrap (es-rollover init) did not run against this Elasticsearch; redeploy` };
  } else {
    const aliases = ROLLOVER_INIT_INDEX_TYPES.map((type) => rolloverIndexNames(settings, type).writeAlias);
    retentionStep = { step: "retention", pass: true, detail: `ILM policy ${ilmPolicyName(settings)} and write aliases ${aliases.join(", ")} exist (read ${who})` };
  }
  if (sent.ok && monitorTabOffReason(target.stack, settings) === undefined) {
    options.progress?.(`waiting up to ${timings.monitorTabTimeoutMs / 1000} s for the Monitor tab to show ${id} (span metrics are flushed, scraped and rated)…`);
  }
  const monitorTab = await monitorTabStep(target, settings, id, plan, sent.ok, timings);
  return [send, readBack, retentionStep, monitorTab];
}

/** One line per step, and the verdict. */
export function formatSmoke(stack: StackName, results: readonly StepResult[]): string {
  const lines = results.map((r) => `${r.skipped ? "SKIP" : r.pass ? "PASS" : "FAIL"}  ${r.step.padEnd(11)}  ${r.detail}`);
  const failed = results.filter((r) => !r.pass).length;
  const skipped = results.filter((r) => r.skipped).length;
  const ran = results.length - skipped;
  const verdict = failed === 0 ? `all ${ran} steps passed` : `${failed} of ${ran} steps failed`;
  return [`smoke ${stack}:`, ...lines, skipped === 0 ? verdict : `${verdict}, ${skipped} skipped`].join("\n");
}

export const smokeExitCode = (results: readonly StepResult[]): number => (results.every((r) => r.pass) ? 0 : 1);

/** The monitoring user of a stack. */
export const monitorUser = (settings: TracingSettings): string => elasticsearchPrincipal(settings, "monitor");
