import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { CommandError } from "../../environment";
import { basename, join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { renderFlowDiagram } from "../../tools/flow-diagram";
import { exampleFolders, renderFolder, staleFiles, withFlowDiagram } from "../../tools/render-examples";
import { resolveSettings } from "../../tracing/checked-settings";
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth, defaultSynth } from "../default-synth";

const root = join(__dirname, "../..");
const folders = exampleFolders(root);
/** Each scenario rendered once for the whole file. */
const renderings = new Map(folders.map((folder) => [folder, renderFolder(folder)]));

test("the scenarios a reviewer reads: the default, the UI with auth, the Prometheus Operator, S3 state, collector sampling, cert-manager", () => {
  expect(folders.map((f) => basename(f))).toEqual(["cert-manager", "collector-sampling", "default", "prometheus-operator", "s3-state", "ui-ingress-auth"]);
});

describe.each(folders.map((f) => [basename(f), f]))("examples/%s", (name, folder) => {
  const rendered = renderings.get(folder) as Map<string, string>;

  test("holds exactly what the code renders from its .env (else: run npm run render)", () => {
    const drift = [...rendered].filter(([file, content]) => {
      try {
        return readFileSync(join(folder, file), "utf8") !== content;
      } catch {
        return true;
      }
    });
    const problems = [
      ...drift.map(([file]) => `examples/${name}/${file} is out of date: run npm run render`),
      ...staleFiles(folder, rendered).map((file) => `examples/${name}/${file} is no longer rendered: run npm run render`),
    ];
    expect(problems).toEqual([]);
  });

  test("its NetworkPolicies are Kubernetes objects: the default deny first, then one per workload", () => {
    const docs = parseAllDocuments(rendered.get("network-policies.yaml") as string).map((d) => d.toJS());
    expect(docs.every((d) => d.apiVersion === "networking.k8s.io/v1" && d.kind === "NetworkPolicy" && d.metadata.namespace === "tracing")).toBe(true);
    expect(docs[0]).toEqual({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny-all", namespace: "tracing" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
    expect(docs.map((d) => d.metadata.name)).toContain(name === "collector-sampling" ? "allow-otel-gateway" : "allow-jaeger-collector");
  });
});

test("each scenario shows what sets it apart", () => {
  const file = (scenario: string, name: string) => renderings.get(join(root, "examples", scenario))?.get(name) ?? "";
  expect(file("collector-sampling", "gateway.yaml")).toContain("routing_key: traceID");
  expect(file("default", "gateway.yaml")).toBe("");
  expect(file("prometheus-operator", "prometheus-operator.yaml")).toContain("kind: ServiceMonitor");
  expect(JSON.parse(file("s3-state", "terraform-backend.json"))).toMatchObject({ s3: { bucket: "genesis-terraform-state", key: "tracing/prod.tfstate" } });
  expect(file("ui-ingress-auth", "sdk.env")).toMatch(/^JAEGER_UI_URL=https:\/\/jaeger\.genesis\.example\.com$/m);
});

describe("the flow diagram", () => {
  test("docs/architecture.md shows the one the default settings draw (else: run npm run render)", () => {
    const page = readFileSync(join(root, "docs", "architecture.md"), "utf8");
    expect(withFlowDiagram(page) === page ? "up to date" : "docs/architecture.md's flow diagram is out of date: run npm run render").toBe("up to date");
  });

  /** The diagram's arrows as `from -> to : ports`, sorted. */
  const arrowsOf = (env: Record<string, string>) =>
    renderFlowDiagram(resolveSettings("prod", env))
      .split("\n")
      .filter((line) => line.includes("-->"))
      .map((line) => line.trim().replace(/^(\S+) -->\|"([^"]*)"\| (\S+)$/, "$1 -> $3 : $2"))
      .sort();
  /** Flows both sampling modes have: Elasticsearch's clients, the operator, the cluster itself, DNS. */
  const ELASTICSEARCH_AND_DNS = [
    "elastic_system_elastic_operator -> tracing_elasticsearch_genesis : 9200",
    "monitoring_any -> elastic_system_elastic_operator : 9090",
    "monitoring_any -> tracing_elasticsearch_exporter : 9114",
    "monitoring_any -> tracing_jaeger_query : 8888",
    "tracing_elasticsearch_exporter -> kube_system_cluster_dns : 53 UDP+TCP",
    "tracing_elasticsearch_exporter -> tracing_elasticsearch_genesis : 9200",
    "tracing_elasticsearch_genesis -> kube_system_cluster_dns : 53 UDP+TCP",
    "tracing_elasticsearch_genesis -> tracing_elasticsearch_genesis : 9200",
    "tracing_elasticsearch_genesis -> tracing_elasticsearch_genesis : 9300",
    "tracing_jaeger_collector -> kube_system_cluster_dns : 53 UDP+TCP",
    "tracing_jaeger_collector -> tracing_elasticsearch_genesis : 9200",
    "tracing_jaeger_elasticsearch_bootstrap -> kube_system_cluster_dns : 53 UDP+TCP",
    "tracing_jaeger_elasticsearch_bootstrap -> tracing_elasticsearch_genesis : 9200",
    "tracing_jaeger_query -> kube_system_cluster_dns : 53 UDP+TCP",
    "tracing_jaeger_query -> tracing_elasticsearch_genesis : 9200",
  ];

  test("draws each allowed flow once, with its ports: clients and Prometheus to the collector, everything else to Elasticsearch or DNS", () => {
    expect(arrowsOf({})).toEqual(
      [...ELASTICSEARCH_AND_DNS, "genesis_any -> tracing_jaeger_collector : 4317, 4318", "monitoring_any -> tracing_jaeger_collector : 8888, 8889"].sort(),
    );
    const diagram = renderFlowDiagram(resolveSettings("prod"));
    expect(diagram).toMatch(/^  subgraph ns_tracing\["namespace tracing"\]$/m);
  });

  test("in collector mode clients and the span metrics scrape reach the gateway, and only the gateway reaches the collectors' OTLP port", () => {
    expect(arrowsOf({ TRACE_SAMPLING_MODE: "collector" })).toEqual(
      [
        ...ELASTICSEARCH_AND_DNS,
        "genesis_any -> tracing_otel_gateway : 4317, 4318",
        "monitoring_any -> tracing_otel_gateway : 8888, 8889",
        "monitoring_any -> tracing_jaeger_collector : 8888",
        "tracing_otel_gateway -> tracing_jaeger_collector : 4317",
        "tracing_otel_gateway -> kube_system_cluster_dns : 53 UDP+TCP",
      ].sort(),
    );
  });
});

describe("the examples are what the stacks deploy", () => {
  const withoutHeader = (text: string) => text.replace(/^# .*rendered by `npm run render`.*\n/, "");
  const configMap = (files: Map<string, string>, name: string) =>
    Object.values<any>(stackDocuments(files).prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === name).data;

  const TLS_1_2 = { min_version: "1.2", reload_interval: "5m" };
  const jaegerTls = { cert_file: "/etc/jaeger/tls/tls.crt", key_file: "/etc/jaeger/tls/tls.key", ...TLS_1_2 };
  const REDACT = { actions: [{ pattern: "(?i)(api_key|apikey|secret|password|passwd|token|authorization|user_id|credit_card)", action: "delete" }] };
  /** Jaeger's Elasticsearch backend as `user`: the cluster's Service, the CA, the ILM policy, 7 days of spans. */
  const storage = (user: string) => ({
    jaeger_storage: {
      backends: {
        genesis_elasticsearch: {
          elasticsearch: {
            server_urls: ["https://genesis-es-http.tracing.svc:9200"],
            auth: { basic: { username: `genesis-jaeger-${user}`, password_file: "/etc/jaeger/elasticsearch-credentials/password" } },
            tls: { ca_file: "/etc/jaeger/elasticsearch-ca/ca.crt", min_version: "1.2" },
            indices: { index_prefix: "genesis", spans: { shards: 1, replicas: 1, rotation: { auto_rollover: { policy_name: "genesis-jaeger-ilm-policy" } } } },
            max_span_age: "168h",
          },
        },
      },
    },
  });
  const otlp = (tls: object) => ({ otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317", tls }, http: { endpoint: "0.0.0.0:4318", tls } } } });
  const collector = (processors: string[], exporters: string[]) => ({
    service: { pipelines: { traces: { receivers: ["otlp"], processors, exporters } } },
    extensions: storage("writer"),
    receivers: otlp(jaegerTls),
    processors: { "attributes/redact": REDACT },
    exporters: { jaeger_storage_exporter: { trace_storage: "genesis_elasticsearch", queue: { queue_size: 15000 } } },
  });

  /** What a reviewer checks in each config, written out by hand. */
  test.each([
    ["default", "collector.yaml", () => configMap(defaultSynth(), "jaeger-collector-config"), collector(["memory_limiter", "attributes/redact", "batch"], ["jaeger_storage_exporter", "spanmetrics"])],
    [
      "default",
      "query.yaml",
      () => configMap(defaultSynth(), "jaeger-query-config"),
      {
        service: { pipelines: { traces: { receivers: ["nop"], exporters: ["nop"] } } },
        extensions: {
          ...storage("reader"),
          jaeger_query: { storage: { traces: "genesis_elasticsearch" }, http: { endpoint: "0.0.0.0:16686", tls: jaegerTls }, grpc: { endpoint: "0.0.0.0:16685", tls: jaegerTls } },
        },
      },
    ],
    [
      "collector-sampling",
      "collector.yaml",
      () => configMap(collectorModeSynth(), "jaeger-collector-config"),
      {
        ...collector(["memory_limiter", "attributes/redact", "tail_sampling", "batch"], ["jaeger_storage_exporter"]),
        processors: {
          "attributes/redact": REDACT,
          tail_sampling: {
            policies: [
              { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
              { name: "slow", type: "ottl_condition", ottl_condition: { span: ["end_time_unix_nano - start_time_unix_nano > 100000000"] } },
              { name: "critical-operations", type: "and" },
              { name: "base", type: "probabilistic", probabilistic: { sampling_percentage: 1 } },
            ],
          },
        },
      },
    ],
    [
      "collector-sampling",
      "gateway.yaml",
      () => configMap(collectorModeSynth(), "otel-gateway-config"),
      {
        service: { pipelines: { traces: { receivers: ["otlp"], processors: ["memory_limiter", "attributes/redact"], exporters: ["loadbalancing", "spanmetrics"] } } },
        receivers: otlp({ cert_file: "/etc/otelcol/tls/tls.crt", key_file: "/etc/otelcol/tls/tls.key", ...TLS_1_2 }),
        processors: { "attributes/redact": REDACT },
        exporters: {
          loadbalancing: {
            routing_key: "traceID",
            protocol: { otlp: { tls: { ca_file: "/etc/otelcol/trust/ca.crt", min_version: "1.2", server_name_override: "jaeger-collector-headless.tracing.svc" } } },
            resolver: { dns: { hostname: "jaeger-collector-headless.tracing.svc", port: "4317" } },
          },
        },
      },
    ],
  ])("examples/%s/%s and the ConfigMap the prod stack synthesizes say what a reviewer expects, and the same", (scenario, file, deployed, expected) => {
    const example = withoutHeader(readFileSync(join(root, "examples", scenario, file), "utf8"));
    const config = deployed()["config.yaml"];
    expect(parse(config)).toMatchObject(expected);
    expect(example).toBe(config);
  });

  test("examples/default/sdk.env is the SDK ConfigMap of every client namespace: TLS to the collector's Service, 1 % head sampling, 1 KB attributes", () => {
    const data = configMap(defaultSynth(), "genesis-tracing-sdk");
    expect(data).toMatchObject({
      OTEL_SDK_DISABLED: "false",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/genesis-tracing/ca.crt",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.01",
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: "1024",
      OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317",
      OTLP_SECURE: "true",
      TRACE_SAMPLING_RATE: "0.01",
      JAEGER_UI_URL: "https://jaeger-query.tracing.svc:16686",
      TRACE_RETENTION_DAYS: "7",
      ENVIRONMENT: "production",
    });
    const lines = withoutHeader(readFileSync(join(root, "examples", "default", "sdk.env"), "utf8")).trimEnd().split("\n");
    // The synth writes a map's keys sorted; the file keeps the renderer's order.
    expect(Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]))).toEqual(data);
  });
});

test("a scenario with bad settings ends render with every problem named, and nothing rendered", () => {
  const folder = mkdtempSync(join(tmpdir(), "tracing-example-"));
  writeFileSync(join(folder, ".env"), "otlp_endpoint=disabled\nES_HEAP_MIB=lots\n");
  expect(() => renderFolder(folder)).toThrow(CommandError);
  expect(() => renderFolder(folder)).toThrow(/line 1: otlp_endpoint must be spelled in the case this package reads[\s\S]*ES_HEAP_MIB \(elasticsearch\.heapMiB\) must be a whole number/);
  expect(readdirSync(folder)).toEqual([".env"]);
});
