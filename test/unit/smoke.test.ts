/**
 * `npm run smoke` against in-process servers on 127.0.0.1: a real gRPC OTLP server (grpc-js,
 * TLS with a throwaway CA) that models the collector's tail sampling, and one HTTPS server
 * that answers like the Jaeger query API and Elasticsearch's cluster state.
 */
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { createServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { formatSmoke, runSmoke, smokeExitCode, smokeSpanPlan, type SmokeTarget, type StepResult } from "../../tools/smoke-steps";
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
        return { service, name: all(span, 5)[0].toString(), traceId: all(span, 1)[0].toString("hex"), error: code === 2n, durationMs: Number((end - start) / 1_000_000n) };
      }),
    );
  });
}

const ca = throwawayCa();
const otherCa = throwawayCa("another stack's CA");
const serverCert = serverCertificate(ca, ["localhost"]);
const USER = "genesis-jaeger-monitor";
const PASSWORD = "monitor-secret";
const FAST = { exportTimeoutMs: 2_000, readBackTimeoutMs: 300, pollIntervalMs: 100, requestTimeoutMs: 1_000 };

/** What the fake backend does: which spans its tail sampler keeps, and what Elasticsearch holds. */
interface Backend {
  keep: (span: ReceivedSpan) => boolean;
  policies: string[];
  aliases: string[];
  queryStatus?: number;
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
  };
}

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
  expect(results.map((r) => [r.step, r.pass])).toEqual([["send", true], ["read back", true], ["retention", true]]);
  expect(received.filter((s) => s.name === "smoke-test-all-pass").map((s) => s.service)).toEqual(["smoke-test-all-pass"]);
  expect(byStep(results)["read back"].detail).toMatch(/^trace [0-9a-f]{32} found after 1 read through the query API at localhost:\d+$/);
  expect(byStep(results).retention.detail).toBe(
    "ILM policy genesis-jaeger-ilm-policy and write aliases genesis-jaeger-span-write, genesis-jaeger-service-write, genesis-jaeger-dependencies-write exist (read as genesis-jaeger-monitor)",
  );
  expect(smokeExitCode(results)).toBe(0);
  expect(formatSmoke("local", results).split("\n").map((line) => line.slice(0, 4))).toEqual(["smok", "PASS", "PASS", "PASS", "all "]);
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
  expect(results.map((r) => r.pass)).toEqual([false, false, false]);
  expect(results[0].detail).toMatch(/— wrong CA: the collector's certificate does not verify against \.tracing\/local\/ca\.crt/);
  expect(results[1].detail).toBe("skipped: nothing was sent");
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
