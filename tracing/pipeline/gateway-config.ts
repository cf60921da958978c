/**
 * The gateway of `collector` sampling mode (prod): the OpenTelemetry Collector contrib
 * distribution, pinned to the release whose collector core Jaeger 2.20 is built on
 * (v0.155.0). It takes the clients' OTLP, computes span metrics on every span, and routes
 * each trace's spans to one collector by trace ID, so each collector's `tail_sampling`
 * decides on whole traces. Jaeger 2.20 does not compile in the `loadbalancing` exporter
 * (cmd/jaeger/internal/components.go), hence a second distribution.
 *
 * Component names are the long-standing ones (`loadbalancing`, `spanmetrics`, `otlp`,
 * `health_check`), as Jaeger 2.20's own configs use them. Contrib renamed three (`otlp_grpc`
 * in 0.144, `span_metrics` in 0.151, `load_balancing` in 0.154) and accepts the old names as
 * deprecated aliases, which a later release will remove: move to the new names (here and in
 * the collectors' config) together with the contrib version that drops them.
 * `healthcheckv2` is not in the contrib distribution (its manifest has only
 * `healthcheckextension`), so the gateway's probe path is set on `health_check`.
 */
import { COLLECTOR_NAME } from "../core/names";
import { MEMORY_LIMITER, MINIMUM_TLS_VERSION, otlpReceiver, listen, REDACTION, renderRedaction, renderSpanMetricsConnector, renderSpanMetricsExporter, telemetry } from "./jaeger-config";
import { GATEWAY_PATHS } from "../core/paths";
import { HEALTH_PATH, PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";
import { spanQueueSizing, type SpanQueueSizing } from "./storage-queue";

/** The exporter that routes spans to the collectors (its metrics carry `exporter="…"`). */
export const LOAD_BALANCING_EXPORTER = "loadbalancing";

/** The headless Service whose DNS name lists every ready collector pod. */
export const COLLECTOR_HEADLESS_SERVICE = `${COLLECTOR_NAME}-headless`;

/** How often the gateway re-resolves the collectors (the resolver's default, stated). */
export const RESOLVER_INTERVAL_SECONDS = 5;

/**
 * The time a collector may refuse spans before no gateway routes to it any more. A stopping
 * pod leaves the headless Service's DNS answer at once; a failed one only when its readiness
 * probe has failed three times 10 s apart (30 s), or a lost node's once the node controller
 * gives up on it (40 s). CoreDNS then answers from cache for up to its TTL (5 s by default)
 * and the gateway re-resolves every `RESOLVER_INTERVAL_SECONDS`; retries then go to the
 * remaining collectors. Sixty seconds covers a lost node.
 */
export const COLLECTOR_REPLACEMENT_SECONDS = 60;

/**
 * How long one send to one collector may take. A healthy collector answers in milliseconds
 * (its memory limiter refuses at once when full); a dead one must not hold a consumer for the
 * exporter's 5 s default while the queue fills behind it.
 */
const COLLECTOR_SEND_TIMEOUT = "2s";

/**
 * Senders working through the export queue. A batch bound for a dead collector holds its
 * sender through the retries; twice the default keeps the rest flowing meanwhile.
 */
const EXPORT_CONSUMERS = 20;

/**
 * How long a stopping collector keeps receiving before it shuts down (its pre-stop hook):
 * the DNS TTL, the resolver interval and a margin, so the gateways have stopped routing to it
 * before it closes its receiver. It then decides its pending traces and exports them.
 */
export const COLLECTOR_DRAIN_SECONDS = 15;

/**
 * Time a collector needs to shut down once its receiver closes: decide its pending traces
 * and send its storage queue to a healthy Elasticsearch.
 */
export const COLLECTOR_SHUTDOWN_SECONDS = 60;

/**
 * The loadbalancing exporter's queue holds what reaches one gateway while a collector it
 * routes to is being replaced, with the storage queue's headroom; it must fit a quarter of
 * the gateway's memory, like the storage queue in the collectors (tracing/pipeline/storage-queue.ts).
 */
export function gatewayQueueSizing(settings: TracingSettings): SpanQueueSizing {
  return spanQueueSizing({
    spansPerSecond: settings.sampling.designSpansPerSecond,
    pods: settings.kubernetes.gatewayReplicas,
    outageSeconds: COLLECTOR_REPLACEMENT_SECONDS,
    memoryLimitMiB: settings.gateway.memoryLimitMiB,
  });
}

/**
 * Routing by trace ID over the collectors' headless Service, with verified TLS. The DNS
 * resolver dials each collector as `IP:4317`, so the certificate is checked against the
 * headless Service's name (every collector's certificate carries it), not the IP.
 *
 * Retries happen at the top level, where a retried batch is routed again over the current
 * list of collectors: once a failed collector has left DNS, its spans go to another. The
 * per-collector exporters neither queue nor retry, so a failure reaches that level at once
 * instead of being retried against a collector that is gone (and dropped when its exporter
 * is shut down). The price is at-least-once delivery: a client's batch mixes traces bound for
 * every collector, and while one collector fails the whole batch is retried, so the other
 * collectors' share is stored again on every attempt until the failed one leaves DNS.
 */
function loadBalancingExporter(settings: TracingSettings): object {
  const namespace = settings.kubernetes.namespace;
  return {
    routing_key: "traceID",
    protocol: {
      otlp: {
        timeout: COLLECTOR_SEND_TIMEOUT,
        tls: { ca_file: GATEWAY_PATHS.trustBundle, min_version: MINIMUM_TLS_VERSION, server_name_override: `${COLLECTOR_HEADLESS_SERVICE}.${namespace}.svc` },
        sending_queue: { enabled: false },
        retry_on_failure: { enabled: false },
      },
    },
    resolver: {
      dns: { hostname: `${COLLECTOR_HEADLESS_SERVICE}.${namespace}.svc`, port: String(PORTS.otlpGrpc), interval: `${RESOLVER_INTERVAL_SECONDS}s`, timeout: "1s" },
    },
    sending_queue: { enabled: true, sizer: "items", queue_size: gatewayQueueSizing(settings).queueSpans, num_consumers: EXPORT_CONSUMERS },
    // Bounded like the storage exporter's: long enough to outlast a collector's replacement
    // several times over, short enough that one undeliverable batch cannot hold the queue.
    retry_on_failure: { enabled: true, initial_interval: "1s", max_interval: "5s", max_elapsed_time: `${4 * COLLECTOR_REPLACEMENT_SECONDS}s` },
  };
}

export function renderGatewayConfig(settings: TracingSettings): object {
  return {
    service: {
      extensions: ["health_check"],
      pipelines: {
        // Span metrics see every span: the gateway is before any sampling.
        // Redaction first, so nothing sensitive is held in the export queue either.
        traces: { receivers: ["otlp"], processors: ["memory_limiter", REDACTION], exporters: [LOAD_BALANCING_EXPORTER, "spanmetrics"] },
        "metrics/spanmetrics": { receivers: ["spanmetrics"], exporters: ["prometheus"] },
      },
      telemetry: telemetry("otel-gateway"),
    },
    extensions: {
      // The probes' path, as the collectors serve it (healthcheckv2 there).
      health_check: { endpoint: listen(PORTS.health), path: HEALTH_PATH },
    },
    receivers: { otlp: otlpReceiver(settings, GATEWAY_PATHS) },
    processors: { memory_limiter: MEMORY_LIMITER, [REDACTION]: renderRedaction(settings) },
    connectors: { spanmetrics: renderSpanMetricsConnector(settings) },
    exporters: {
      [LOAD_BALANCING_EXPORTER]: loadBalancingExporter(settings),
      prometheus: renderSpanMetricsExporter(),
    },
  };
}
