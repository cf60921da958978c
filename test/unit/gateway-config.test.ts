import { parse } from "yaml";
import { gatewayQueueSizing, renderGatewayConfig } from "../../tracing/pipeline/gateway-config";
import { resolveSettings } from "../../tracing/checked-settings";
import { toYaml } from "../../tracing/core/yaml";
import { keyPaths, keysUpstreamDoesNotDefine } from "../config-keys";

const settings = resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" });
// Read back from YAML, as the collector reads it.
const gateway = parse(toYaml(renderGatewayConfig(settings)));

/**
 * Every key the gateway config uses, with where upstream defines it at contrib / core
 * v0.155.0 (core read at tag v0.155.0 = 41da2fbd; contrib from its v0.154.0 documentation and
 * the stored sources named, since the contrib repository could not be fetched whole).
 */
const UPSTREAM_KEYS: Record<string, string> = {
  "service.extensions": "core service/extensions",
  "service.pipelines.*.receivers": "core service/pipelines",
  "service.pipelines.*.processors": "core service/pipelines",
  "service.pipelines.*.exporters": "core service/pipelines",
  "service.telemetry.resource.service.name": "core service/telemetry/otelconftelemetry",
  "service.telemetry.metrics.level": "otelconftelemetry config.go",
  "service.telemetry.metrics.readers": "otelconftelemetry config.go (factory.go:49-60 defaults)",
  "service.telemetry.logs.level": "otelconftelemetry config.go",
  // contrib extension/healthcheckextension (legacy mode): endpoint (default localhost:13133), path (default /)
  "extensions.health_check.endpoint": "healthcheckextension config",
  "extensions.health_check.path": "healthcheckextension config",
  "receivers.otlp.protocols.*.endpoint": "core receiver/otlpreceiver config.go",
  "receivers.otlp.protocols.*.tls.cert_file": "core config/configtls/configtls.go:38-89",
  "receivers.otlp.protocols.*.tls.key_file": "configtls.go",
  "receivers.otlp.protocols.*.tls.min_version": "configtls.go",
  "receivers.otlp.protocols.*.tls.reload_interval": "configtls.go",
  "receivers.otlp.protocols.grpc.keepalive.server_parameters.max_connection_age": "core config/configgrpc/configgrpc.go:164",
  "receivers.otlp.protocols.grpc.keepalive.server_parameters.max_connection_age_grace": "configgrpc.go:165",
  "processors.memory_limiter.check_interval": "core internal/memorylimiter/config.go",
  "processors.memory_limiter.limit_percentage": "memorylimiter/config.go",
  "processors.memory_limiter.spike_limit_percentage": "memorylimiter/config.go",
  // contrib processor/attributesprocessor (otelcol-contrib v0.155.0 manifest line 105), as in the collectors
  "processors.attributes/redact.actions": "contrib internal/coreinternal/attraction (pattern + delete)",
  "connectors.spanmetrics.histogram.unit": "contrib connector/spanmetricsconnector config.go",
  "exporters.prometheus.endpoint": "contrib exporter/prometheusexporter config.go",
  "exporters.prometheus.translation_strategy": "contrib v0.155.0 exporter/prometheusexporter config.go `TranslationStrategy`",
  // contrib exporter/loadbalancingexporter config.go: RoutingKey, Protocol.OTLP (core otlpexporter.Config,
  // exporter/otlpexporter/config.go:20-24), Resolver.DNS{Hostname, Port string, Interval, Timeout},
  // top-level TimeoutSettings / BackOffConfig / QueueBatchConfig (PR #36094).
  "exporters.loadbalancing.routing_key": "loadbalancingexporter config.go (traceID)",
  "exporters.loadbalancing.protocol.otlp.timeout": "core exporter/otlpexporter/config.go:20-24 (TimeoutConfig, default 5s)",
  "exporters.loadbalancing.protocol.otlp.tls.ca_file": "configtls.go:38-89",
  "exporters.loadbalancing.protocol.otlp.tls.min_version": "configtls.go",
  "exporters.loadbalancing.protocol.otlp.tls.server_name_override": "configtls.go:110-116",
  "exporters.loadbalancing.protocol.otlp.sending_queue.enabled": "core config/configoptional/optional.go:184-205",
  "exporters.loadbalancing.protocol.otlp.retry_on_failure.enabled": "core config/configretry/backoff.go:14-42",
  "exporters.loadbalancing.resolver.dns.hostname": "loadbalancingexporter config.go DNSResolver",
  "exporters.loadbalancing.resolver.dns.port": "DNSResolver (a string)",
  "exporters.loadbalancing.resolver.dns.interval": "DNSResolver (default 5s)",
  "exporters.loadbalancing.resolver.dns.timeout": "DNSResolver (default 1s)",
  "exporters.loadbalancing.sending_queue.enabled": "configoptional/optional.go",
  "exporters.loadbalancing.sending_queue.sizer": "core exporter/exporterhelper/internal/queuebatch/config.go:19-47",
  "exporters.loadbalancing.sending_queue.queue_size": "queuebatch/config.go",
  "exporters.loadbalancing.sending_queue.num_consumers": "queuebatch/config.go",
  "exporters.loadbalancing.retry_on_failure.enabled": "configretry/backoff.go",
  "exporters.loadbalancing.retry_on_failure.initial_interval": "configretry/backoff.go",
  "exporters.loadbalancing.retry_on_failure.max_interval": "configretry/backoff.go",
  "exporters.loadbalancing.retry_on_failure.max_elapsed_time": "configretry/backoff.go",
};

test("the gateway config uses only keys upstream defines", () => {
  expect(keysUpstreamDoesNotDefine(gateway, UPSTREAM_KEYS)).toEqual([]);
});

test("span metrics see every span: the gateway's one traces pipeline feeds both the router and the connector", () => {
  expect(gateway.service.pipelines).toEqual({
    traces: { receivers: ["otlp"], processors: ["memory_limiter", "attributes/redact"], exporters: ["loadbalancing", "spanmetrics"] },
    "metrics/spanmetrics": { receivers: ["spanmetrics"], exporters: ["prometheus"] },
  });
});

test("routes by trace ID over the collectors' headless Service, verifying their certificates by its name", () => {
  const lb = gateway.exporters.loadbalancing;
  expect(lb.routing_key).toBe("traceID");
  expect(lb.resolver).toEqual({ dns: { hostname: "jaeger-collector-headless.tracing.svc", port: "4317", interval: "5s", timeout: "1s" } });
  expect(lb.protocol.otlp.tls).toEqual({
    ca_file: "/etc/otelcol/trust/ca.crt",
    min_version: "1.2",
    server_name_override: "jaeger-collector-headless.tracing.svc",
  });
  expect(keyPaths(lb).filter((path) => /insecure/.test(path))).toEqual([]);
});

test("retries at the top level, where a retried batch is routed over the current collectors; the per-collector exporters pass failures up", () => {
  const lb = gateway.exporters.loadbalancing;
  expect(lb.protocol.otlp.sending_queue).toEqual({ enabled: false });
  // A dead collector holds a sender 2 s per attempt, not the 5 s default.
  expect(lb.protocol.otlp.timeout).toBe("2s");
  expect(lb.protocol.otlp.retry_on_failure).toEqual({ enabled: false });
  expect(lb.sending_queue).toEqual({ enabled: true, sizer: "items", queue_size: 120_000, num_consumers: 20 });
  expect(lb.retry_on_failure).toEqual({ enabled: true, initial_interval: "1s", max_interval: "5s", max_elapsed_time: "240s" });
});

test("the export queue holds 60 s of a lost collector (a lost node), twice over, at each gateway's share of the design rate", () => {
  expect(gatewayQueueSizing(settings)).toEqual({
    pods: 2,
    spansPerSecondPerPod: 1000,
    queueSpans: 120_000,
    queueBytes: 120_000 * 2048,
    memoryBudgetBytes: 256 * 1024 * 1024,
    memoryLimitMiBNeeded: 938,
    podsNeeded: 2,
  });
});

test("spans are redacted before the gateway holds them, by the collectors' own rule", () => {
  expect(gateway.processors["attributes/redact"].actions).toEqual([{ pattern: expect.stringMatching(/^\(\?i\)\(.*password.*\)$/), action: "delete" }]);
});

test("takes OTLP over TLS only, with its own certificate, and answers probes on the collectors' health path", () => {
  const tls = { cert_file: "/etc/otelcol/tls/tls.crt", key_file: "/etc/otelcol/tls/tls.key", min_version: "1.2", reload_interval: "5m" };
  expect(gateway.receivers.otlp.protocols.grpc).toMatchObject({ endpoint: "0.0.0.0:4317", tls });
  expect(gateway.receivers.otlp.protocols.http).toEqual({ endpoint: "0.0.0.0:4318", tls });
  expect(gateway.extensions.health_check).toEqual({ endpoint: "0.0.0.0:13133", path: "/status" });
  expect(gateway.service.telemetry.metrics.readers).toEqual([{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } }]);
});
