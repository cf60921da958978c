/**
 * Every port of the tracing system, defined once. Constructs, renderers and tests import
 * these; none of them retypes a number.
 */
export const PORTS = {
  /** OTLP over gRPC, the port the Genesis services export to. */
  otlpGrpc: 4317,
  /** OTLP over HTTP/protobuf. */
  otlpHttp: 4318,
  /** Jaeger UI and HTTP API (`jaeger_query`). */
  queryHttp: 16686,
  /** Jaeger query gRPC API (`jaeger_query`). */
  queryGrpc: 16685,
  /** `healthcheckv2` HTTP endpoint; `/status` replaces v1's admin ports 14269/16687. */
  health: 13133,
  /** Collector framework internal metrics (Prometheus pull). */
  metrics: 8888,
  /** Span metrics (RED metrics per operation) of the collector's `spanmetrics` connector. */
  spanMetrics: 8889,
  /**
   * ECK operator metrics, plain HTTP (the chart's `config.metrics.port`; its default "0" turns
   * them off). The operator binds `0.0.0.0` (`metrics-host` flag default, cmd/manager/main.go
   * at ECK v3.5.0) and the chart names the container port `metrics` (templates/statefulset.yaml).
   */
  eckOperatorMetrics: 9090,
  /** prometheus-community elasticsearch_exporter. */
  elasticsearchExporter: 9114,
  /** Prometheus HTTP API and UI (the local stack's Prometheus, which the Monitor tab reads). */
  prometheus: 9090,
  /** Elasticsearch REST API. */
  elasticsearchHttp: 9200,
  /** Elasticsearch node-to-node transport. */
  elasticsearchTransport: 9300,
} as const;

/** The `healthcheckv2` status path (with `use_v2: true`). */
export const HEALTH_PATH = "/status";
