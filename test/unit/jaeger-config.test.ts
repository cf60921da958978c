import { parse } from "yaml";
import { renderCollectorConfig, renderQueryConfig, redactionPattern, STORAGE_BACKEND } from "../../tracing/pipeline/jaeger-config";
import { renderQueryMetricsBackend } from "../../tracing/monitoring/monitor-tab";
import { resolveSettings } from "../../tracing/checked-settings";
import { toYaml } from "../../tracing/core/yaml";
import { keyPaths, keysUpstreamDoesNotDefine } from "../config-keys";

const placement = { elasticsearchUrl: "https://elasticsearch:9200" };
const local = resolveSettings("local");
const prod = resolveSettings("prod");
// Configs are plain data; tests read them the way Jaeger will, from YAML.
const collector = parse(toYaml(renderCollectorConfig(local, placement)));
const query = parse(toYaml(renderQueryConfig(local, placement)));
const backendOf = (config: any) => config.extensions.jaeger_storage.backends[STORAGE_BACKEND].elasticsearch;

describe("collector config", () => {
  test("receives OTLP on all interfaces over TLS that reloads renewed certificates", () => {
    const tls = {
      cert_file: "/etc/jaeger/tls/tls.crt",
      key_file: "/etc/jaeger/tls/tls.key",
      min_version: "1.2",
      reload_interval: "5m",
    };
    expect(collector.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: "0.0.0.0:4317", tls, keepalive: expect.any(Object) },
      http: { endpoint: "0.0.0.0:4318", tls },
    });
  });

  test("closes gRPC connections after 5 minutes so clients spread over new replicas, letting exports finish", () => {
    expect(collector.receivers.otlp.protocols.grpc.keepalive).toEqual({
      server_parameters: { max_connection_age: "5m", max_connection_age_grace: "30s" },
    });
  });

  test("the grace follows the SDK's export timeout", () => {
    const bsp = { ...local.sdk.batchSpanProcessor, exportTimeoutMs: 10_500 };
    const settings = { ...local, sdk: { ...local.sdk, batchSpanProcessor: bsp } };
    const grpc = (renderCollectorConfig(settings, placement) as any).receivers.otlp.protocols.grpc;
    expect(grpc.keepalive.server_parameters.max_connection_age_grace).toBe("11s");
  });

  test("limits memory first, redacts, then batches into the Elasticsearch exporter", () => {
    expect(collector.service.pipelines.traces).toEqual({
      receivers: ["otlp"],
      processors: ["memory_limiter", "attributes/redact", "batch"],
      exporters: ["jaeger_storage_exporter", "spanmetrics"],
    });
    expect(collector.processors.memory_limiter).toEqual({ check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 });
    expect(collector.exporters.jaeger_storage_exporter.trace_storage).toBe(STORAGE_BACKEND);
    expect(collector.service.extensions).toEqual(["jaeger_storage", "healthcheckv2"]);
  });

  test("queues five minutes of Elasticsearch outage, counted in spans: 30 000 locally, 15 000 per prod collector", () => {
    // Jaeger's queue starts at zero consumers and size, which its validation rejects.
    const queue = { sizer: "items", num_consumers: 10 };
    const retry = { enabled: true, max_elapsed_time: "600s" };
    expect(collector.exporters.jaeger_storage_exporter).toEqual({ trace_storage: STORAGE_BACKEND, queue: { ...queue, queue_size: 30_000 }, retry_on_failure: retry });
    const prodExporter = parse(toYaml(renderCollectorConfig(prod, placement))).exporters.jaeger_storage_exporter;
    expect(prodExporter).toEqual({ trace_storage: STORAGE_BACKEND, queue: { ...queue, queue_size: 15_000 }, retry_on_failure: retry });
  });

  test("batches of at most 8192 spans, so any batch fits the queue", () => {
    expect(collector.processors.batch).toEqual({ send_batch_size: 8192, send_batch_max_size: 8192 });
    const smallest = renderCollectorConfig({ ...prod, collector: { ...prod.collector, designSpansPerSecond: 1 } }, placement) as any;
    expect(smallest.exporters.jaeger_storage_exporter.queue.queue_size).toBe(8192);
  });

  test("writes to Elasticsearch over verified TLS as the writer user, with ILM rollover", () => {
    const backend = backendOf(collector);
    expect(backend.server_urls).toEqual(["https://elasticsearch:9200"]);
    expect(backend.tls).toEqual({ ca_file: "/etc/jaeger/elasticsearch-ca/ca.crt", min_version: "1.2" });
    expect(backend.auth).toEqual({
      basic: {
        username: "genesis-jaeger-writer",
        password_file: "/etc/jaeger/elasticsearch-credentials/password",
        reload_interval: "1m",
      },
    });
    expect(backend.create_mappings).toBe(true);
    expect(backend.max_span_age).toBe("168h");
    const index = { shards: 1, replicas: 0, rotation: { auto_rollover: { policy_name: "genesis-jaeger-ilm-policy" } } };
    expect(backend.indices).toEqual({ index_prefix: "genesis", spans: index, services: index, dependencies: index, sampling: index });
  });

  test("prod keeps one replica per index", () => {
    const backend = backendOf(renderCollectorConfig(prod, placement));
    expect(backend.indices.spans.replicas).toBe(1);
  });

  test("max_span_age follows the retention", () => {
    const settings = resolveSettings("local", { TRACE_RETENTION_DAYS: "3" });
    expect(backendOf(renderCollectorConfig(settings, placement)).max_span_age).toBe("72h");
  });

  test("serves health on 0.0.0.0:13133 and metrics on 0.0.0.0:8888", () => {
    expect(collector.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: "0.0.0.0:13133" } });
    expect(collector.service.telemetry.metrics.readers).toEqual([
      { pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } },
    ]);
  });

  test("derives per-operation latency histograms (ms) and serves them on 0.0.0.0:8889", () => {
    // The sampling reason is a dimension, so latency alerts can leave rule-kept spans out (tracing/pipeline/sampling.ts).
    expect(collector.connectors).toEqual({ spanmetrics: { histogram: { unit: "ms" }, dimensions: [{ name: "genesis.sampling.reason" }] } });
    expect(collector.service.pipelines["metrics/spanmetrics"]).toEqual({ receivers: ["spanmetrics"], exporters: ["prometheus"] });
    // Suffixes named, not left to contrib's DisableAddMetricSuffixes gate (tracing/monitoring/monitor-tab.ts).
    expect(collector.exporters.prometheus).toEqual({ endpoint: "0.0.0.0:8889", translation_strategy: "UnderscoreEscapingWithSuffixes" });
  });

  test("deletes deny-listed span attributes, whatever their case or namespace", () => {
    expect(collector.processors["attributes/redact"]).toEqual({ actions: [{ pattern: redactionPattern(local), action: "delete" }] });
    // Go RE2 and JavaScript agree on this subset; (?i) becomes the `i` flag.
    const pattern = new RegExp(redactionPattern(local).replace("(?i)", ""), "i");
    for (const key of ["password", "db.PASSWORD", "http.request.header.authorization", "API_KEY", "user_id", "credit_card.number"]) {
      expect(key).toMatch(pattern);
    }
    for (const key of ["http.method", "service.name", "order.id", "db.statement"]) {
      expect(key).not.toMatch(pattern);
    }
  });
});

describe("query config", () => {
  test("serves UI/API on 16686 and gRPC on 16685 over TLS, without self-tracing", () => {
    const jaegerQuery = query.extensions.jaeger_query;
    expect(jaegerQuery.storage).toEqual({ traces: STORAGE_BACKEND });
    expect(jaegerQuery.enable_tracing).toBe(false);
    expect(jaegerQuery.http.endpoint).toBe("0.0.0.0:16686");
    expect(jaegerQuery.grpc.endpoint).toBe("0.0.0.0:16685");
    expect(jaegerQuery.http.tls).toEqual(collector.receivers.otlp.protocols.grpc.tls);
    expect(jaegerQuery.grpc.tls).toEqual(collector.receivers.otlp.protocols.grpc.tls);
  });

  test("reads Elasticsearch as the reader user and never creates mappings", () => {
    const backend = backendOf(query);
    expect(backend.auth.basic.username).toBe("genesis-jaeger-reader");
    expect(backend.create_mappings).toBe(false);
    expect(backend.indices).toEqual(backendOf(collector).indices);
  });

  test("runs the nop pipeline the collector framework requires", () => {
    expect(query.service.pipelines).toEqual({ traces: { receivers: ["nop"], exporters: ["nop"] } });
    expect(query.service.extensions).toEqual(["jaeger_storage", "jaeger_query", "healthcheckv2"]);
  });
});

/**
 * Every key a rendered config uses, with where upstream defines it. A key that is not here
 * fails the test: add it only with its upstream source.
 */
const UPSTREAM_KEYS: Record<string, string> = {
  "service.extensions": "jaeger cmd/jaeger/config-elasticsearch.yaml",
  "service.pipelines.traces.receivers": "config-elasticsearch.yaml",
  "service.pipelines.traces.processors": "config-elasticsearch.yaml",
  "service.pipelines.traces.exporters": "config-elasticsearch.yaml",
  "service.pipelines.metrics/spanmetrics.receivers": "jaeger cmd/jaeger/config-spm.yaml",
  "service.pipelines.metrics/spanmetrics.exporters": "config-spm.yaml",
  "connectors.spanmetrics.histogram.unit": "contrib connector/spanmetricsconnector config.go",
  // contrib v0.155.0 connector/spanmetricsconnector config.go `Dimensions []Dimension` ({name, default});
  // a missing attribute with no default leaves the label out.
  "connectors.spanmetrics.dimensions": "spanmetricsconnector config.go",
  // jaeger v2.20.0 cmd/jaeger/internal/components.go:137-142 (forwardconnector, no config keys)
  "connectors.forward": "forwardconnector",
  "service.pipelines.*.receivers": "collector service pipelines (a `traces/<name>` pipeline id)",
  "service.pipelines.*.processors": "collector service pipelines",
  "service.pipelines.*.exporters": "collector service pipelines",
  // contrib v0.155.0 processor/tailsamplingprocessor config.go (policies are checked in tail-sampling.test.ts)
  "processors.tail_sampling.decision_wait": "tailsamplingprocessor config.go (default 30s, factory.go)",
  "processors.tail_sampling.num_traces": "tailsamplingprocessor config.go (default 50000)",
  "processors.tail_sampling.expected_new_traces_per_sec": "tailsamplingprocessor config.go",
  "processors.tail_sampling.decision_cache.sampled_cache_size": "tailsamplingprocessor config.go DecisionCacheConfig",
  "processors.tail_sampling.decision_cache.non_sampled_cache_size": "tailsamplingprocessor config.go DecisionCacheConfig",
  "processors.tail_sampling.drop_pending_traces_on_shutdown": "tailsamplingprocessor config.go (v0.141.0)",
  "processors.tail_sampling.policies": "tailsamplingprocessor config.go PolicyCfg",
  "exporters.prometheus.endpoint": "contrib exporter/prometheusexporter README; config-spm.yaml",
  "exporters.prometheus.translation_strategy": "contrib v0.155.0 exporter/prometheusexporter config.go `TranslationStrategy`",
  "service.telemetry.resource.service.name": "config-elasticsearch.yaml",
  "service.telemetry.metrics.level": "config-elasticsearch.yaml",
  "service.telemetry.metrics.readers": "config-elasticsearch.yaml",
  "service.telemetry.logs.level": "config-elasticsearch.yaml",
  "extensions.healthcheckv2.use_v2": "config-elasticsearch.yaml",
  "extensions.healthcheckv2.http.endpoint": "contrib extension/healthcheckv2extension internal/http/config.go",
  "extensions.jaeger_storage.backends.*.elasticsearch.server_urls": "internal/storage/elasticsearch/config/config.go",
  "extensions.jaeger_storage.backends.*.elasticsearch.auth.basic.username": "config.go",
  "extensions.jaeger_storage.backends.*.elasticsearch.auth.basic.password_file": "config.go",
  "extensions.jaeger_storage.backends.*.elasticsearch.auth.basic.reload_interval": "config.go (PR #7388)",
  "extensions.jaeger_storage.backends.*.elasticsearch.tls.ca_file": "collector config/configtls ClientConfig",
  "extensions.jaeger_storage.backends.*.elasticsearch.tls.min_version": "configtls",
  "extensions.jaeger_storage.backends.*.elasticsearch.indices.index_prefix": "config-elasticsearch-auto-rollover.yaml",
  "extensions.jaeger_storage.backends.*.elasticsearch.indices.*.shards": "config-elasticsearch-auto-rollover.yaml",
  "extensions.jaeger_storage.backends.*.elasticsearch.indices.*.replicas": "config-elasticsearch-auto-rollover.yaml",
  "extensions.jaeger_storage.backends.*.elasticsearch.indices.*.rotation.auto_rollover.policy_name":
    "config-elasticsearch-auto-rollover.yaml",
  "extensions.jaeger_storage.backends.*.elasticsearch.max_span_age": "config.go",
  "extensions.jaeger_storage.backends.*.elasticsearch.create_mappings": "config.go",
  "extensions.jaeger_query.storage.traces": "config-query.yaml",
  // The Monitor tab (tracing/monitoring/monitor-tab.ts): v2.20.0 config-spm.yaml; jaegerquery/config.go `Storage.Metrics`;
  // cmd/internal/storageconfig/config.go `MetricBackends`, `PrometheusConfiguration` (promcfg.Configuration squashed, `auth`).
  "extensions.jaeger_query.storage.metrics": "config-spm.yaml",
  "extensions.jaeger_storage.metric_backends.*.prometheus.endpoint": "config-spm.yaml; promcfg/config.go",
  "extensions.jaeger_storage.metric_backends.*.prometheus.tls.ca_file": "promcfg/config.go `TLS` (configtls ClientConfig)",
  "extensions.jaeger_storage.metric_backends.*.prometheus.token_file_path": "promcfg/config.go",
  "extensions.jaeger_storage.metric_backends.*.prometheus.auth.authenticator": "storageconfig/config.go `Authentication` (configauth.Config squashed)",
  "extensions.jaeger_storage.metric_backends.*.prometheus.metric_namespace": "promcfg/config.go",
  "extensions.jaeger_storage.metric_backends.*.prometheus.latency_unit": "promcfg/config.go",
  "extensions.jaeger_storage.metric_backends.*.prometheus.normalize_calls": "config-spm.yaml",
  "extensions.jaeger_storage.metric_backends.*.prometheus.normalize_duration": "config-spm.yaml",
  // contrib v0.155.0 extension/basicauthextension config.go `ClientAuthSettings`.
  "extensions.basicauth/prometheus.client_auth.username": "basicauthextension config.go",
  "extensions.basicauth/prometheus.client_auth.password": "basicauthextension config.go",
  "extensions.jaeger_query.enable_tracing": "jaegerquery/config.go",
  "extensions.jaeger_query.http.endpoint": "jaegerquery/config.go (confighttp.ServerConfig)",
  "extensions.jaeger_query.grpc.endpoint": "jaegerquery/config.go (configgrpc.ServerConfig)",
  "extensions.jaeger_query.*.tls.cert_file": "configtls ServerConfig",
  "extensions.jaeger_query.*.tls.key_file": "configtls ServerConfig",
  "extensions.jaeger_query.*.tls.min_version": "configtls ServerConfig",
  "extensions.jaeger_query.*.tls.reload_interval": "configtls ServerConfig",
  "receivers.otlp.protocols.*.endpoint": "config-elasticsearch.yaml",
  "receivers.otlp.protocols.*.tls.cert_file": "configtls ServerConfig",
  "receivers.otlp.protocols.*.tls.key_file": "configtls ServerConfig",
  "receivers.otlp.protocols.*.tls.min_version": "configtls ServerConfig",
  "receivers.otlp.protocols.*.tls.reload_interval": "configtls ServerConfig",
  // collector v0.155.0 config/configgrpc/configgrpc.go: ServerConfig.Keepalive :219 →
  // KeepaliveServerConfig.ServerParameters :145 → KeepaliveServerParameters :164-165
  "receivers.otlp.protocols.grpc.keepalive.server_parameters.max_connection_age": "configgrpc.go:164",
  "receivers.otlp.protocols.grpc.keepalive.server_parameters.max_connection_age_grace": "configgrpc.go:165",
  "receivers.nop": "config-query.yaml",
  "processors.memory_limiter.check_interval": "collector internal/memorylimiter/config.go",
  "processors.memory_limiter.limit_percentage": "memorylimiter/config.go",
  "processors.memory_limiter.spike_limit_percentage": "memorylimiter/config.go",
  "processors.attributes/redact.actions": "contrib internal/coreinternal/attraction (pattern + delete)",
  // collector v0.155.0 processor/batchprocessor/config.go:24,29 (defaults factory.go:19-20)
  "processors.batch.send_batch_size": "batchprocessor/config.go:24",
  "processors.batch.send_batch_max_size": "batchprocessor/config.go:29",
  "exporters.jaeger_storage_exporter.trace_storage": "config-elasticsearch.yaml",
  // jaeger v2.20.0 cmd/jaeger/internal/exporters/storageexporter/config.go:23 `queue`
  // (configoptional.Optional[exporterhelper.QueueBatchConfig]; unset = no queue, set = zero
  // values, configoptional/optional.go:159) → collector v0.155.0
  // exporter/exporterhelper/internal/queuebatch/config.go:26,29,43 (zero/negative rejected :68-74)
  "exporters.jaeger_storage_exporter.queue.sizer": "queuebatch/config.go:26 (request/sizer.go:22-32)",
  "exporters.jaeger_storage_exporter.queue.queue_size": "queuebatch/config.go:29",
  "exporters.jaeger_storage_exporter.queue.num_consumers": "queuebatch/config.go:43",
  // jaeger v2.20.0 storageexporter/config.go:24 `retry_on_failure` (configretry.BackOffConfig;
  // Jaeger's default enabled=false, factory.go) → collector config/configretry/backoff.go
  "exporters.jaeger_storage_exporter.retry_on_failure.enabled": "configretry/backoff.go:29",
  "exporters.jaeger_storage_exporter.retry_on_failure.max_elapsed_time": "configretry/backoff.go:42",
  "exporters.nop": "config-query.yaml",
};

const everyMonitorTabOption = renderQueryMetricsBackend(prod, { url: "https://10.0.0.9:9090", caFile: "/ca.crt", bearerTokenFile: "/token", basicAuth: true });

test.each([
  ["collector", collector],
  ["query", query],
  ["query with every Monitor tab option", parse(toYaml(renderQueryConfig(prod, { ...placement, metricsBackend: everyMonitorTabOption })))],
])("the %s config uses only keys upstream defines", (_role, config) => {
  expect(keysUpstreamDoesNotDefine(config, UPSTREAM_KEYS)).toEqual([]);
});

describe("collector sampling mode", () => {
  const sampled = (stack: "local" | "prod") => parse(toYaml(renderCollectorConfig(resolveSettings(stack, { TRACE_SAMPLING_MODE: "collector" }), placement)));

  test("prod: tail sampling after redaction, before batching; no span metrics (the gateway computes them on every span)", () => {
    const config = sampled("prod");
    expect(config.service.pipelines).toEqual({
      traces: {
        receivers: ["otlp"],
        processors: ["memory_limiter", "attributes/redact", "tail_sampling", "batch"],
        exporters: ["jaeger_storage_exporter"],
      },
    });
    expect(config.connectors).toBeUndefined();
    expect(config.exporters.prometheus).toBeUndefined();
    expect(config.processors.tail_sampling.policies.map((p: any) => p.name)).toEqual(["errors", "slow", "critical-operations", "base"]);
  });

  test("local: span metrics from every span, then the same policy on a second pipeline fed by `forward`", () => {
    const config = sampled("local");
    expect(config.service.pipelines).toEqual({
      traces: { receivers: ["otlp"], processors: ["memory_limiter", "attributes/redact"], exporters: ["spanmetrics", "forward"] },
      "traces/sampled": { receivers: ["forward"], processors: ["tail_sampling", "batch"], exporters: ["jaeger_storage_exporter"] },
      "metrics/spanmetrics": { receivers: ["spanmetrics"], exporters: ["prometheus"] },
    });
    // Nothing marks a sampling reason in this mode: the dimension would only be empty.
    expect(config.connectors).toEqual({ spanmetrics: { histogram: { unit: "ms" } }, forward: {} });
    // One renderer for both stacks: the same rules (sized for each stack's collectors).
    // Local's base rate defaults to 1: at prod's rate, the policies are prod's.
    const localAtProdRate = parse(toYaml(renderCollectorConfig(resolveSettings("local", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_RATE: "0.01" }), placement)));
    expect(localAtProdRate.processors.tail_sampling.policies).toEqual(sampled("prod").processors.tail_sampling.policies);
  });

  test.each(["local", "prod"] as const)("the %s config uses only keys upstream defines", (stack) => {
    expect(keysUpstreamDoesNotDefine(sampled(stack), UPSTREAM_KEYS)).toEqual([]);
  });
});

test("no legacy rotation key that Jaeger 2.20 rejects", () => {
  const paths = [...keyPaths(collector), ...keyPaths(query)];
  expect(paths.filter((p) => /use_ilm|use_aliases|_alias$|date_layout|rollover_frequency|insecure/.test(p))).toEqual([]);
});
