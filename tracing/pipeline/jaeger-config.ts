/**
 * Jaeger v2 configurations (OpenTelemetry Collector format) for the two roles the backend
 * runs: the collector (OTLP in, Elasticsearch out) and the query service (UI and API).
 * Keys follow Jaeger 2.20's own examples (`cmd/jaeger/config-elasticsearch-auto-rollover.yaml`,
 * `config-query.yaml`); test/unit/jaeger-config.test.ts lists the upstream source of each key.
 */
import { elasticsearchPrincipal, type JaegerAccess } from "../elasticsearch/elasticsearch-access";
import { ilmPolicyName, JAEGER_INDEX_TYPES } from "../elasticsearch/ilm";
import { JAEGER_PATHS } from "../core/paths";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";
import { SAMPLING_REASON_ATTRIBUTE, spanMetricsAt } from "./sampling";
import { BATCH, ELASTICSEARCH_OUTAGE_SECONDS, storageQueueSizing } from "./storage-queue";
import { renderTailSamplingProcessor } from "./tail-sampling";

/** Name of the storage backend inside `jaeger_storage`. */
export const STORAGE_BACKEND = "genesis_elasticsearch";

/** The exporter that writes spans to storage (its metrics carry `exporter="…"`). */
export const STORAGE_EXPORTER = "jaeger_storage_exporter";

/** Oldest TLS version any of our listeners or clients accepts. */
export const MINIMUM_TLS_VERSION = "1.2";

/**
 * How often a listener re-reads its certificate and key. Renewed certificates replace the
 * files in place (Kubernetes updates mounted Secrets), so no restart is needed.
 */
export const CERTIFICATE_RELOAD_INTERVAL = "5m";

/** How often Jaeger re-reads its Elasticsearch password file (so a rotated password is picked up). */
const PASSWORD_RELOAD_INTERVAL = "1m";

/** What query's config gains for the tab: the metrics backend and the extensions it uses. */
export interface QueryMetricsBackend {
  /** The `jaeger_storage.metric_backends` entry (v2.20.0 cmd/internal/storageconfig/config.go `PrometheusConfiguration`). */
  readonly backend: object;
  readonly extensions: Readonly<Record<string, object>>;
}

export interface JaegerPlacement {
  /** Elasticsearch HTTPS URL as seen from the Jaeger containers. */
  readonly elasticsearchUrl: string;
  /**
   * Query's metrics backend and the extensions it uses (tracing/monitoring/monitor-tab.ts), which turn the
   * Monitor tab on.
   * @default - no metrics backend: the tab stays off
   */
  readonly metricsBackend?: QueryMetricsBackend;
}

/** Name of the metrics backend inside `jaeger_storage.metric_backends`. */
export const METRICS_BACKEND = "genesis_prometheus";

/** Where a process finds its server certificate and key. */
export interface ServerTlsFiles {
  readonly tlsCertificate: string;
  readonly tlsKey: string;
}

/** TLS server block shared by every listener: our certificate, reloaded when it is renewed. */
function serverTls(files: ServerTlsFiles = JAEGER_PATHS): object {
  return {
    cert_file: files.tlsCertificate,
    key_file: files.tlsKey,
    min_version: MINIMUM_TLS_VERSION,
    reload_interval: CERTIFICATE_RELOAD_INTERVAL,
  };
}

export const listen = (port: number): string => `0.0.0.0:${port}`;

/**
 * gRPC clients keep one connection for as long as they live, so replicas the autoscaler
 * adds would get no traffic. Closing each connection after `max_connection_age` (gRPC adds
 * ±10 % jitter) makes clients reconnect through the Service, which spreads them over all
 * replicas: a scale-up takes load within about five minutes, while reconnecting every few
 * minutes costs nothing measurable. The grace lets an export already in flight finish; the
 * SDK abandons an export after its export timeout anyway, so that is all it needs.
 */
const OTLP_GRPC_MAX_CONNECTION_AGE = "5m";

function grpcKeepalive(settings: TracingSettings): object {
  const graceSeconds = Math.ceil(settings.sdk.batchSpanProcessor.exportTimeoutMs / 1000);
  return { server_parameters: { max_connection_age: OTLP_GRPC_MAX_CONNECTION_AGE, max_connection_age_grace: `${graceSeconds}s` } };
}

/** OTLP over gRPC and HTTP, TLS only, on the usual ports. */
export function otlpReceiver(settings: TracingSettings, files: ServerTlsFiles = JAEGER_PATHS): object {
  return {
    protocols: {
      grpc: { endpoint: listen(PORTS.otlpGrpc), tls: serverTls(files), keepalive: grpcKeepalive(settings) },
      http: { endpoint: listen(PORTS.otlpHttp), tls: serverTls(files) },
    },
  };
}

/** Refuses data above 80 % of the container's memory (60 % for a sudden spike), before work is done. */
export const MEMORY_LIMITER = { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 } as const;

/**
 * The Elasticsearch backend, verified TLS and basic auth from a password file. The collector
 * writes (and keeps its ILM-bound templates current); the query service only reads.
 */
function elasticsearchBackend(settings: TracingSettings, placement: JaegerPlacement, access: JaegerAccess): object {
  const indexSettings = {
    shards: settings.elasticsearch.shards,
    replicas: settings.elasticsearch.replicas,
    rotation: { auto_rollover: { policy_name: ilmPolicyName(settings) } },
  };
  return {
    elasticsearch: {
      server_urls: [placement.elasticsearchUrl],
      auth: {
        basic: {
          username: elasticsearchPrincipal(settings, access),
          password_file: JAEGER_PATHS.elasticsearchPassword,
          reload_interval: PASSWORD_RELOAD_INTERVAL,
        },
      },
      tls: { ca_file: JAEGER_PATHS.elasticsearchCa, min_version: MINIMUM_TLS_VERSION },
      indices: {
        index_prefix: settings.indexPrefix,
        ...Object.fromEntries(JAEGER_INDEX_TYPES.map((type) => [type, indexSettings])),
      },
      // Jaeger's default of 72h would hide the older retained days from search.
      max_span_age: `${settings.retentionDays * 24}h`,
      create_mappings: access === "writer",
    },
  };
}

/** Health on 0.0.0.0 (Kubernetes probes come from the kubelet) and Prometheus metrics. */
export function telemetry(serviceName: string): object {
  return {
    resource: { "service.name": serviceName },
    metrics: {
      level: "detailed",
      readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: PORTS.metrics } } } }],
    },
    logs: { level: "info" },
  };
}

const healthcheck = { use_v2: true, http: { endpoint: listen(PORTS.health) } };

/**
 * Queue in front of Elasticsearch, sized in spans by tracing/pipeline/storage-queue.ts, which also
 * says what it protects against with Jaeger 2.20. Jaeger's queue starts from zero values
 * that validation rejects, so every size is set. Consumers encode spans in parallel before
 * Jaeger's single bulk worker; ten is the exporterhelper default.
 *
 * `retry_on_failure` retries a write the storage reports as failed for twice the outage the
 * queue is sized for (the 5 m default would give up just as a restarted node is back), then
 * drops it: bounded, so one bad batch cannot block the queue for ever. With Jaeger 2.20's
 * Elasticsearch writer it does not fire: the writer reports success before the bulk request
 * is sent (tracing/pipeline/storage-queue.ts). It takes effect with synchronous writes.
 */
function storageExporter(settings: TracingSettings): object {
  return {
    trace_storage: STORAGE_BACKEND,
    queue: { sizer: "items", queue_size: storageQueueSizing(settings).queueSpans, num_consumers: 10 },
    retry_on_failure: { enabled: true, max_elapsed_time: `${2 * ELASTICSEARCH_OUTAGE_SECONDS}s` },
  };
}

/**
 * How often the `spanmetrics` connector hands its counters to the exporter: left at the
 * connector's default, `MetricsFlushInterval: 60 * time.Second` (contrib
 * connector/spanmetricsconnector/factory.go `createDefaultConfig`, read in the stored source at
 * commit 073105f8; Jaeger v2.20.0's own cmd/jaeger/config-spm.yaml sets 60s too). A span shows in
 * Prometheus only after the next flush.
 */
export const SPAN_METRICS_FLUSH_SECONDS = 60;

/**
 * The `spanmetrics` connector, wherever it runs: latency histograms in ms per operation, with
 * the sampling reason as a dimension (absent, so empty, on spans nothing marked).
 */
export function renderSpanMetricsConnector(settings: TracingSettings): object {
  return {
    histogram: { unit: "ms" },
    ...(settings.sampling.mode === "sdk" ? { dimensions: [{ name: SAMPLING_REASON_ATTRIBUTE }] } : {}),
  };
}

/**
 * How the `prometheus` exporter names what it exposes (contrib v0.155.0
 * exporter/prometheusexporter config.go): set, so that neither the
 * `DisableAddMetricSuffixes` gate nor a later default moves the names query and the alerts read
 * (tracing/monitoring/monitor-tab.ts).
 */
export const SPAN_METRICS_TRANSLATION = "UnderscoreEscapingWithSuffixes";

/** The `prometheus` exporter of the span metrics, wherever the connector runs. */
export const renderSpanMetricsExporter = (): object => ({ endpoint: listen(PORTS.spanMetrics), translation_strategy: SPAN_METRICS_TRANSLATION });

/** Regex deleting every span attribute whose key contains a deny-listed word, in any case. */
export function redactionPattern(settings: TracingSettings): string {
  const words = settings.redactedAttributeKeys.map((key) => key.replace(/[.]/g, "\\."));
  return `(?i)(${words.join("|")})`;
}

/** The processor deleting deny-listed attributes, wherever spans are first held. */
export const REDACTION = "attributes/redact";
export const renderRedaction = (settings: TracingSettings): object => ({ actions: [{ pattern: redactionPattern(settings), action: "delete" }] });

/**
 * The collector's pipelines. `memory_limiter` first so overload is refused before work is
 * done; redaction before sampling and batching so nothing sensitive is held or queued.
 *
 * `sdk` mode: what arrives is already sampled; span metrics are computed from it, with the
 * reason the Genesis tracer kept each span as a dimension (see `SAMPLING_REASON_ATTRIBUTE`).
 * `collector` mode: `tail_sampling` keeps whole traces by the guide's policy. Span metrics
 * must see every span, so they are computed before sampling: by the gateway in prod, and
 * locally from a `forward` connector that hands the same spans to a second, sampled pipeline.
 */
function collectorPipelines(settings: TracingSettings): object {
  const received = ["memory_limiter", REDACTION];
  const metrics = { "metrics/spanmetrics": { receivers: ["spanmetrics"], exporters: ["prometheus"] } };
  if (settings.sampling.mode === "sdk") {
    return { traces: { receivers: ["otlp"], processors: [...received, "batch"], exporters: [STORAGE_EXPORTER, "spanmetrics"] }, ...metrics };
  }
  if (spanMetricsAt(settings) !== "collector") {
    return { traces: { receivers: ["otlp"], processors: [...received, "tail_sampling", "batch"], exporters: [STORAGE_EXPORTER] } };
  }
  return {
    traces: { receivers: ["otlp"], processors: received, exporters: ["spanmetrics", "forward"] },
    "traces/sampled": { receivers: ["forward"], processors: ["tail_sampling", "batch"], exporters: [STORAGE_EXPORTER] },
    ...metrics,
  };
}

export function renderCollectorConfig(settings: TracingSettings, placement: JaegerPlacement): object {
  const tailSampling = settings.sampling.mode === "collector";
  // Where the collector computes span metrics while it tail-samples, `forward` feeds the sampled pipeline.
  const spanMetrics = spanMetricsAt(settings) === "collector";
  return {
    service: {
      extensions: ["jaeger_storage", "healthcheckv2"],
      pipelines: collectorPipelines(settings),
      telemetry: telemetry("jaeger-collector"),
    },
    extensions: {
      healthcheckv2: healthcheck,
      jaeger_storage: { backends: { [STORAGE_BACKEND]: elasticsearchBackend(settings, placement, "writer") } },
    },
    receivers: { otlp: otlpReceiver(settings) },
    processors: {
      memory_limiter: MEMORY_LIMITER,
      [REDACTION]: renderRedaction(settings),
      batch: { send_batch_size: BATCH.sendBatchSize, send_batch_max_size: BATCH.sendBatchMaxSize },
      ...(tailSampling ? { tail_sampling: renderTailSamplingProcessor(settings) } : {}),
    },
    ...(spanMetrics ? { connectors: { spanmetrics: renderSpanMetricsConnector(settings), ...(tailSampling ? { forward: {} } : {}) } } : {}),
    exporters: {
      [STORAGE_EXPORTER]: storageExporter(settings),
      ...(spanMetrics ? { prometheus: renderSpanMetricsExporter() } : {}),
    },
  };
}

export function renderQueryConfig(settings: TracingSettings, placement: JaegerPlacement): object {
  const metricsExtensions = placement.metricsBackend?.extensions ?? {};
  return {
    service: {
      extensions: [...Object.keys(metricsExtensions), "jaeger_storage", "jaeger_query", "healthcheckv2"],
      // The collector framework needs one pipeline; the query role receives nothing.
      pipelines: { traces: { receivers: ["nop"], exporters: ["nop"] } },
      telemetry: telemetry("jaeger-query"),
    },
    extensions: {
      ...metricsExtensions,
      healthcheckv2: healthcheck,
      jaeger_query: {
        storage: { traces: STORAGE_BACKEND, ...(placement.metricsBackend === undefined ? {} : { metrics: METRICS_BACKEND }) },
        // Self-tracing would export to localhost:4317, where nothing listens in this role.
        enable_tracing: false,
        http: { endpoint: listen(PORTS.queryHttp), tls: serverTls() },
        grpc: { endpoint: listen(PORTS.queryGrpc), tls: serverTls() },
      },
      jaeger_storage: {
        backends: { [STORAGE_BACKEND]: elasticsearchBackend(settings, placement, "reader") },
        ...(placement.metricsBackend === undefined ? {} : { metric_backends: { [METRICS_BACKEND]: placement.metricsBackend.backend } }),
      },
    },
    receivers: { nop: {} },
    exporters: { nop: {} },
  };
}
