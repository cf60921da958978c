/**
 * `npm run smoke` against in-process servers on 127.0.0.1: a real gRPC OTLP server (grpc-js,
 * TLS with a throwaway CA) that models the collector's tail sampling, and one HTTPS server
 * that answers like the Jaeger query API (traces and the Monitor tab's metrics) and
 * Elasticsearch's cluster state.
 */
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { createServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { formatSmoke, monitorTabOffReason, monitorTabWaitMs, runSmoke, smokeExitCode, smokeSpanPlan, type SmokeTarget, type StepResult } from "../../tools/smoke-steps";
import { serverCertificate, throwawayCa } from "../throwaway-ca";

/** Fields of a protobuf message by number (enough wire format to read an OTLP export). */
function fields(buf: Buffer): Map<number, (Buffer | bigint)[]> {
  const out = new Map<number, (Buffer | bigint)[]>();
  let i = 0;
  const varint = () => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buf[i++];
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const [field, wire] = [key >> 3, key & 7];
    let value: Buffer | bigint;
    if (wire === 0) value = varint();
    else if (wire === 1) (value = buf.readBigUInt64LE(i)), (i += 8);
    else if (wire === 5) (value = BigInt(buf.readUInt32LE(i))), (i += 4);
    else {
      const length = Number(varint());
      value = buf.subarray(i, i + length);
      i += length;
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}
const all = (m: Map<number, (Buffer | bigint)[]>, n: number) => (m.get(n) ?? []) as Buffer[];

interface ReceivedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly error: boolean;
  readonly durationMs: number;
  /** OTLP `Span.SpanKind`: 1 internal, 2 server, 3 client. */
  readonly kind: number;
}

/** ExportTraceServiceRequest → spans: resource_spans(1) → resource(1).attributes(1), scope_spans(2) → spans(2). */
function decodeExport(request: Buffer): ReceivedSpan[] {
  return all(fields(request), 1).flatMap((resourceSpans) => {
    const rs = fields(resourceSpans);
    const attributes = all(fields(all(rs, 1)[0] ?? Buffer.alloc(0)), 1).map((kv) => fields(kv));
    const serviceAttribute = attributes.find((kv) => all(kv, 1)[0]?.toString() === "service.name");
    const service = serviceAttribute ? all(fields(all(serviceAttribute, 2)[0]), 1)[0].toString() : "";
    return all(rs, 2).flatMap((scopeSpans) =>
      all(fields(scopeSpans), 2).map((spanBytes) => {
        const span = fields(spanBytes);
        const status = all(span, 15)[0];
        const code = status ? (fields(status).get(3)?.[0] as bigint | undefined) : undefined;
        const [start, end] = [span.get(7)?.[0] as bigint, span.get(8)?.[0] as bigint];
        const kind = Number((span.get(6)?.[0] as bigint | undefined) ?? 0n);
        return { service, name: all(span, 5)[0].toString(), traceId: all(span, 1)[0].toString("hex"), error: code === 2n, durationMs: Number((end - start) / 1_000_000n), kind };
      }),
    );
  });
}

const ca = throwawayCa();
const otherCa = throwawayCa("another stack's CA");
const serverCert = serverCertificate(ca, ["localhost"]);
const USER = "genesis-jaeger-monitor";
const PASSWORD = "monitor-secret";
const FAST = { exportTimeoutMs: 2_000, readBackTimeoutMs: 300, pollIntervalMs: 100, requestTimeoutMs: 1_000, monitorTabTimeoutMs: 50 };

/** What the fake backend does: which spans its tail sampler keeps, and what Elasticsearch holds. */
interface Backend {
  keep: (span: ReceivedSpan) => boolean;
  policies: string[];
  aliases: string[];
  queryStatus?: number;
  /**
   * How query's metrics API answers for a service: "counted" as Prometheus would rate the
   * connector's counter (no series before a span, a rate of 0 while one span is all it has
   * counted, above 0 once it grew), "empty" (no series), "flat" (a series of zeros: a counter that
   * never grew), or an error status as query's handler sends it.
   */
  metrics: (service: string) => "counted" | "empty" | "flat" | 500 | 501;
}
let backend: Backend;
const received: ReceivedSpan[] = [];
let grpcServer: Server;
let https: HttpsServer;
let ports: { otlp: number; http: number };

function defaultBackend(): Backend {
  return {
    keep: () => true,
    policies: ["genesis-jaeger-ilm-policy"],
    aliases: ["genesis-jaeger-span-write", "genesis-jaeger-span-read", "genesis-jaeger-service-write", "genesis-jaeger-dependencies-write"],
    metrics: () => "counted",
  };
}

/** The query strings of the metrics API's requests. */
const metricsRequests: URLSearchParams[] = [];
const SPAN_KINDS: Record<string, number> = { internal: 1, server: 2, client: 3 };
/** What Jaeger v2.20.0 answers on errors (http_handler.go `handleError`): the JSON in a plain-text body. */
const METRICS_ERRORS = { 500: "failed executing metrics query: Post \"http://prometheus:9090/api/v1/query_range\": dial tcp: lookup prometheus: no such host", 501: "trace metrics are currently disabled - no metrics backend configured" };

beforeAll(async () => {
  grpcServer = new Server();
  grpcServer.register(
    "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
    (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      received.push(...decodeExport(call.request));
      callback(null, Buffer.alloc(0));
    },
    (response: Buffer) => response,
    (request: Buffer) => request,
    "unary",
  );
  const otlp = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(serverCert.certPem), private_key: Buffer.from(serverCert.keyPem) }]), (error, port) => (error ? reject(error) : resolve(port))),
  );
  https = createServer({ cert: serverCert.certPem, key: serverCert.keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const trace = /^\/api\/traces\/([0-9a-f]{32})$/.exec(url.pathname);
    if (trace) {
      if (backend.queryStatus) return json(backend.queryStatus, { errors: [{ code: backend.queryStatus, msg: "refused" }] });
      const spans = received.filter((s) => s.traceId === trace[1] && backend.keep(s));
      if (spans.length === 0) return json(404, { data: null, errors: [{ code: 404, msg: "trace not found" }] });
      return json(200, { data: [{ traceID: trace[1], spans: spans.map((s) => ({ traceID: s.traceId, operationName: s.name })) }], total: 0, limit: 0, offset: 0, errors: null });
    }
    if (url.pathname === "/api/metrics/calls") {
      metricsRequests.push(url.searchParams);
      const service = url.searchParams.get("service");
      if (!service) return json(400, { data: null, errors: [{ code: 400, msg: "unable to parse param 'service': please provide at least one service name" }] });
      const answer = backend.metrics(service);
      if (answer === 500 || answer === 501) return res.writeHead(answer, { "content-type": "text/plain; charset=utf-8" }).end(JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: answer, msg: METRICS_ERRORS[answer] }] }) + "\n");
      const family = { name: "service_call_rate", type: "GAUGE", help: "calls/sec, grouped by service" };
      const kinds = url.searchParams.getAll("spanKind").map((kind) => SPAN_KINDS[kind]);
      const counted = received.filter((s) => s.service === service && (kinds.length === 0 ? [SPAN_KINDS.server] : kinds).includes(s.kind)).length;
      if (answer === "empty" || counted === 0) return json(200, family);
      const point = (value: number) => ({ gaugeValue: { doubleValue: value }, timestamp: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
      const rate = answer === "flat" ? 0 : (counted - 1) / 600;
      return json(200, { ...family, metrics: [{ labels: [{ name: "service_name", value: service }], metricPoints: [point(0), point(rate)] }] });
    }
    if (url.pathname === "/_cluster/state/metadata") {
      if (req.headers.authorization !== `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`) return json(401, { error: { type: "security_exception" }, status: 401 });
      const indices = { "genesis-jaeger-span-000001": { aliases: backend.aliases } };
      return json(200, { metadata: { index_lifecycle: { policies: Object.fromEntries(backend.policies.map((p) => [p, { version: 1 }])) }, indices } });
    }
    return json(404, {});
  });
  const http = await new Promise<number>((resolve) => https.listen(0, "127.0.0.1", () => resolve((https.address() as AddressInfo).port)));
  ports = { otlp, http };
});
afterAll(async () => {
  grpcServer.forceShutdown();
  await new Promise((resolve) => https.close(resolve));
});
beforeEach(() => {
  backend = defaultBackend();
  metricsRequests.length = 0;
});

function target(overrides: Partial<SmokeTarget> = {}, password = PASSWORD): SmokeTarget {
  const at = (port: number) => ({ host: "localhost", port });
  return {
    stack: "local",
    caPem: ca.certPem,
    caSource: ".tracing/local/ca.crt",
    otlp: at(ports.otlp),
    query: at(ports.http),
    elasticsearch: { ...at(ports.http), username: USER, password },
    ...overrides,
  };
}

const smoke = (t: SmokeTarget, env: EnvironmentVariables = {}) => runSmoke(t, resolveSettings("local", env), FAST);
const byStep = (results: StepResult[]) => Object.fromEntries(results.map((r) => [r.step, r]));

test("a working stack: every step passes, the span arrives with its unique service name, exit code 0", async () => {
  const results = await runSmoke(target(), resolveSettings("local"), { ...FAST, id: "smoke-test-all-pass" });
  expect(results.map((r) => [r.step, r.pass])).toEqual([["send", true], ["read back", true], ["retention", true], ["monitor tab", true]]);
  // The send step's span, and one more while the Monitor tab step waits: a rate needs the counter to grow.
  expect(received.filter((s) => s.name === "smoke-test-all-pass").map((s) => [s.service, s.kind])).toEqual([["smoke-test-all-pass", 2], ["smoke-test-all-pass", 2]]);
  expect(byStep(results)["read back"].detail).toMatch(/^trace [0-9a-f]{32} found after 1 read through the query API at localhost:\d+$/);
  expect(byStep(results).retention.detail).toBe(
    "ILM policy genesis-jaeger-ilm-policy and write aliases genesis-jaeger-span-write, genesis-jaeger-service-write, genesis-jaeger-dependencies-write exist (read as genesis-jaeger-monitor)",
  );
  expect(byStep(results)["monitor tab"].detail).toMatch(/^smoke-test-all-pass at 0\.0017 calls\/s in query's metrics API at localhost:\d+ \(what the Monitor tab shows\), after 1 read$/);
  // What the UI's Monitor tab asks (Jaeger v2.20.0 query_parser.go; jaeger-ui ServicesView).
  const asked = Object.fromEntries(metricsRequests[0]);
  expect({ ...asked, endTs: undefined }).toEqual({ service: "smoke-test-all-pass", lookback: "3600000", step: "60000", ratePer: "600000", spanKind: "server", endTs: undefined });
  expect(Math.abs(Number(asked.endTs) - Date.now())).toBeLessThan(5_000);
  expect(smokeExitCode(results)).toBe(0);
  expect(formatSmoke("local", results).split("\n").map((line) => line.slice(0, 4))).toEqual(["smok", "PASS", "PASS", "PASS", "PASS", "all "]);
});

test("the SDK env's 1 % sampler does not drop the smoke span: sampling is forced", async () => {
  const env = { TRACE_SAMPLING_MODE: "sdk", TRACE_SAMPLING_RATE: "0.01" };
  expect(smokeSpanPlan(resolveSettings("local", env)).sdkSampler).toBe("parentbased_traceidratio 0.01 (would keep it with probability 0.01)");
  const runs = await Promise.all([1, 2, 3].map((n) => runSmoke(target(), resolveSettings("local", env), { ...FAST, id: `smoke-forced-${n}` })));
  expect(runs.map((r) => r.every((step) => step.pass))).toEqual([true, true, true]);
});

test("tail sampling that keeps only errors keeps the smoke span: it is sent as an error", async () => {
  backend.keep = (span) => span.error;
  const settings = resolveSettings("local", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_RATE: "0.01" });
  expect(smokeSpanPlan(settings)).toMatchObject({ error: true, keptBy: "tail sampling keeps every error trace" });
  const results = await runSmoke(target(), settings, { ...FAST, id: "smoke-error-kept" });
  expect(results.every((r) => r.pass)).toBe(true);
  expect(received.find((s) => s.name === "smoke-error-kept")?.error).toBe(true);
});

test("slow operations kept at 1 but errors not: the span is made slower than the threshold", async () => {
  const env = { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_ERROR_RATE: "0.5", TRACE_SAMPLING_SLOW_RATE: "1", TRACE_SAMPLING_SLOW_THRESHOLD_MS: "100" };
  backend.keep = (span) => span.durationMs > 100;
  const results = await runSmoke(target(), resolveSettings("local", env), { ...FAST, id: "smoke-slow-kept" });
  expect(results.every((r) => r.pass)).toBe(true);
  expect(received.find((s) => s.name === "smoke-slow-kept")).toMatchObject({ error: false, durationMs: 101 });
});

test("fails if no sampling rule keeps every trace and the span never arrives: sampling dropped the span", async () => {
  backend.keep = () => false;
  const env = { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_ERROR_RATE: "0.5", TRACE_SAMPLING_SLOW_RATE: "0.5" };
  const results = byStep(await smoke(target(), env));
  expect([results.send.pass, results["read back"].pass, results.retention.pass]).toEqual([true, false, true]);
  expect(results["read back"].detail).toMatch(/^trace [0-9a-f]{32} not found within 0.3 s — sampling dropped the span: no tail-sampling rule keeps every trace \(errors at 0.5, slow operations at 0.5, base 1\)$/);
});

test("fails with the wrong CA on every TLS step, naming the CA file", async () => {
  const results = await smoke(target({ caPem: otherCa.certPem }));
  expect(results.map((r) => r.pass)).toEqual([false, false, false, false]);
  expect(results[0].detail).toMatch(/— wrong CA: the collector's certificate does not verify against \.tracing\/local\/ca\.crt/);
  expect(results[1].detail).toBe("skipped: nothing was sent");
  expect(results[3].detail).toBe("skipped: nothing was sent");
  expect(results[2].detail).toMatch(/— wrong CA: Elasticsearch's certificate does not verify against \.tracing\/local\/ca\.crt/);
  expect(smokeExitCode(results)).toBe(1);
});

test("fails if a certificate does not carry the name the client dials (a port-forward to the wrong Service)", async () => {
  const results = await smoke(target({ otlp: { host: "localhost", port: ports.otlp, serverName: "jaeger-collector.tracing.svc" } }));
  expect(results[0].detail).toMatch(/wrong CA/);
});

test("fails if nothing listens: the stack is not deployed", async () => {
  const closed = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const results = await smoke(target({ otlp: { host: "127.0.0.1", port: closed } }));
  expect(results[0].detail).toMatch(/— nothing answers at 127\.0\.0\.1:\d+: is the local stack deployed and running \(cdktf deploy local, npm run doctor local\)\?$/);
});

test("fails if the ILM policy and aliases are missing, naming each, and blames the missing bootstrap for the lost span", async () => {
  backend = { ...defaultBackend(), keep: () => false, policies: [], aliases: ["genesis-jaeger-span-write"] };
  const results = byStep(await smoke(target()));
  expect(results.retention).toEqual({
    step: "retention",
    pass: false,
    detail:
      "missing ILM policy genesis-jaeger-ilm-policy, write alias genesis-jaeger-service-write, write alias genesis-jaeger-dependencies-write — no bootstrap: the bootstrap (es-rollover init) did not run against this Elasticsearch; redeploy",
  });
  expect(results["read back"].detail).toMatch(/— no bootstrap: the collector cannot store spans without the ILM policy and write aliases/);
});

test("fails if Elasticsearch does not know the monitor user's password: no bootstrap", async () => {
  const results = byStep(await smoke(target({}, "wrong")));
  expect(results.retention.pass).toBe(false);
  expect(results.retention.detail).toMatch(/^could not read the cluster state as genesis-jaeger-monitor: .*security_exception.* — no bootstrap: Elasticsearch does not know genesis-jaeger-monitor or its password/);
});

test("fails if the query API refuses the request: policy blocking", async () => {
  backend.queryStatus = 403;
  const results = byStep(await smoke(target()));
  expect(results["read back"]).toMatchObject({ pass: false, detail: expect.stringMatching(/^the query API answered 403: .* — policy blocking: the query API refused the request$/) });
});

test("fails if query's metrics API has no call rate for the smoke service in time: no span metrics scraped yet, or (sdk) no recording rules", async () => {
  backend.metrics = (service) => (service.endsWith("flat") ? "flat" : "empty");
  const [collector, sdk, flat] = await Promise.all([
    runSmoke(target(), resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" }), { ...FAST, id: "smoke-empty-collector" }),
    runSmoke(target(), resolveSettings("local", { TRACE_SAMPLING_MODE: "sdk", TRACE_SAMPLING_RATE: "0.5" }), { ...FAST, id: "smoke-empty-sdk" }),
    runSmoke(target(), resolveSettings("local"), { ...FAST, id: "smoke-flat" }),
  ]);
  // A series whose rate is 0 is not a call rate: the counter never grew.
  expect(byStep(flat)["monitor tab"]).toMatchObject({ pass: false, detail: expect.stringMatching(/^no call rate above 0 for smoke-flat within 0\.05 s — no span metrics scraped yet/) });
  expect(byStep(collector)["monitor tab"]).toEqual({
    step: "monitor tab",
    pass: false,
    detail:
      "no call rate above 0 for smoke-empty-collector within 0.05 s — no span metrics scraped yet (does the local Prometheus scrape port 8889 of the collector?); see docs/monitoring.md#when-the-monitor-tab-shows-nothing",
  });
  expect(byStep(sdk)["monitor tab"].detail).toBe(
    "no call rate above 0 for smoke-empty-sdk within 0.05 s — no span metrics scraped yet (does the local Prometheus scrape port 8889 of the collector?) or recording rules not loaded (the span metrics are a sample: query reads only the series the rules record); see docs/monitoring.md#when-the-monitor-tab-shows-nothing",
  );
  expect([smokeExitCode(collector), smokeExitCode(sdk)]).toEqual([1, 1]);
});

test("fails if query cannot ask its Prometheus (500: Prometheus unreachable) or has no metrics backend (501)", async () => {
  const reads = (service: string) => metricsRequests.filter((q) => q.get("service") === service).length;
  // A 500 may pass (Prometheus restarting): read again; a 501 will not change: read once.
  backend.metrics = (service) => (service === "smoke-metrics-501" ? 501 : service === "smoke-metrics-500-once" && reads(service) > 1 ? "counted" : 500);
  const patient = { ...FAST, monitorTabTimeoutMs: 2_000, pollIntervalMs: 10 };
  const [unreachable, recovered, disabled] = await Promise.all([
    runSmoke(target(), resolveSettings("local"), { ...FAST, id: "smoke-metrics-500" }),
    runSmoke(target(), resolveSettings("local"), { ...patient, id: "smoke-metrics-500-once" }),
    runSmoke(target(), resolveSettings("local"), { ...patient, id: "smoke-metrics-501" }),
  ]);
  expect(byStep(unreachable)["monitor tab"].detail).toBe(
    `the metrics API answered 500: ${METRICS_ERRORS[500]} within 0.05 s — Prometheus unreachable from query: query could not ask the local Prometheus (see docs/monitoring.md#when-the-monitor-tab-shows-nothing)`,
  );
  expect(byStep(recovered)["monitor tab"]).toMatchObject({ pass: true, detail: expect.stringMatching(/, after 2 reads$/) });
  expect(byStep(disabled)["monitor tab"].detail).toBe(
    `the metrics API answered 501: ${METRICS_ERRORS[501]} — query has no metrics backend, but these settings give it one: deployed with other settings? redeploy (cdktf deploy local)`,
  );
  expect(reads("smoke-metrics-501")).toBe(1);
});

test("skips the Monitor tab, with the reason, where query has no metrics backend: local sdk mode at rate 0, prod without TRACING_PROMETHEUS_URL", async () => {
  const results = await runSmoke(target(), resolveSettings("local", { TRACE_SAMPLING_MODE: "sdk", TRACE_SAMPLING_RATE: "0" }), { ...FAST, id: "smoke-tab-off" });
  expect(byStep(results)["monitor tab"]).toEqual({
    step: "monitor tab",
    pass: true,
    skipped: true,
    detail:
      "the Monitor tab is off: LOCAL_TRACE_SAMPLING_RATE (or TRACE_SAMPLING_RATE) is 0 in sdk sampling mode, so there is no uniform sample to scale (docs/monitoring.md#monitor-tab-service-performance-monitoring)",
  });
  expect(metricsRequests).toEqual([]);
  expect(smokeExitCode(results)).toBe(0);
  expect(formatSmoke("local", results).split("\n").slice(-2)).toEqual([
    "SKIP  monitor tab  the Monitor tab is off: LOCAL_TRACE_SAMPLING_RATE (or TRACE_SAMPLING_RATE) is 0 in sdk sampling mode, so there is no uniform sample to scale (docs/monitoring.md#monitor-tab-service-performance-monitoring)",
    "all 3 steps passed, 1 skipped",
  ]);
  expect(monitorTabOffReason("prod", resolveSettings("prod"))).toBe("TRACING_PROMETHEUS_URL is unset");
  expect(monitorTabOffReason("prod", resolveSettings("prod", { TRACING_PROMETHEUS_URL: "http://prometheus.monitoring.svc:9090" }))).toBeUndefined();
  expect(monitorTabOffReason("local", resolveSettings("local"))).toBeUndefined();
});

test("waits for two span-metrics flushes, a scrape and, when rules scale a sample, a rule evaluation, plus 15 s", () => {
  expect(monitorTabWaitMs("local", resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" }))).toBe(150_000);
  // Local sdk mode keeps every span by default: no sample, no rules to wait for.
  expect(monitorTabWaitMs("local", resolveSettings("local", { TRACE_SAMPLING_MODE: "sdk" }))).toBe(150_000);
  expect(monitorTabWaitMs("local", resolveSettings("local", { TRACE_SAMPLING_MODE: "sdk", TRACE_SAMPLING_RATE: "0.1" }))).toBe(165_000);
  expect(monitorTabWaitMs("prod", resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" }))).toBe(165_000);
  expect(monitorTabWaitMs("prod", resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.5" }))).toBe(225_000);
  expect(monitorTabWaitMs("prod", resolveSettings("prod", { TRACE_SAMPLING_MODE: "sdk" }))).toBe(225_000);
});
