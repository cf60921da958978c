import { renderSdkEnvironment, toEnvFile } from "../../tracing/pipeline/sdk-environment";
import { resolveSettings } from "../../tracing/checked-settings";

const placement = { caCertificatePath: "/etc/genesis/tracing/ca.crt" };

describe("SDK environment", () => {
  test("points the OTLP/gRPC exporter at the collector over TLS with the stack's CA", () => {
    const env = renderSdkEnvironment(resolveSettings("local"), placement);
    expect(env).toMatchObject({
      OTEL_SDK_DISABLED: "false",
      OTEL_SERVICE_NAME: "genesis-service",
      OTEL_RESOURCE_ATTRIBUTES: "service.version=0.0.0,deployment.environment=local",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://localhost:4317",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/genesis/tracing/ca.crt",
    });
    expect(env).not.toHaveProperty("OTEL_EXPORTER_OTLP_INSECURE");
  });

  test("prod samples 1 % at the root, follows the parent otherwise, and caps attributes at 1 KB", () => {
    const env = renderSdkEnvironment(resolveSettings("prod"), placement);
    expect(env.OTEL_TRACES_SAMPLER).toBe("parentbased_traceidratio");
    expect(env.OTEL_TRACES_SAMPLER_ARG).toBe("0.01");
    expect(env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT).toBe("1024");
  });

  test("local keeps every trace by default, so the developer's first span shows in the UI", () => {
    const env = renderSdkEnvironment(resolveSettings("local"), placement);
    expect(env).toMatchObject({ OTEL_TRACES_SAMPLER: "parentbased_always_on", TRACE_SAMPLING_RATE: "1" });
    expect(env).not.toHaveProperty("OTEL_TRACES_SAMPLER_ARG");
  });

  test("carries the batch span processor settings", () => {
    expect(renderSdkEnvironment(resolveSettings("local"), placement)).toMatchObject({
      OTEL_BSP_SCHEDULE_DELAY: "5000",
      OTEL_BSP_EXPORT_TIMEOUT: "30000",
      OTEL_BSP_MAX_QUEUE_SIZE: "2048",
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "512",
    });
  });

  test("publishes the Genesis variables and the tracer's adaptive sampling rates", () => {
    const env = renderSdkEnvironment(resolveSettings("prod", { TRACE_SAMPLING_RATE: "0.05" }), placement);
    expect(env).toMatchObject({
      OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317",
      OTLP_SECURE: "true",
      TRACE_SAMPLING_RATE: "0.05",
      OTEL_TRACES_SAMPLER_ARG: "0.05",
      JAEGER_UI_URL: "https://jaeger-query.tracing.svc:16686",
      TRACE_RETENTION_DAYS: "7",
      ENVIRONMENT: "production",
      TRACE_SAMPLING_ERROR_RATE: "1",
      TRACE_SAMPLING_SLOW_RATE: "1",
      TRACE_SAMPLING_SLOW_THRESHOLD_MS: "100",
      TRACE_SAMPLING_CRITICAL_RATE: "0.1",
    });
  });

  test("sdk mode: the tracer's rules, and the attribute it marks rule-kept spans with", () => {
    const env = renderSdkEnvironment(resolveSettings("prod"), placement);
    expect(env).toMatchObject({
      TRACE_SAMPLING_MODE: "sdk",
      TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis.order.*,genesis.risk.*",
      TRACE_SAMPLING_REASON_ATTRIBUTE: "genesis.sampling.reason",
    });
  });

  test("collector mode: every span to the gateway, no in-process rules, parent-based so traces stay whole", () => {
    const env = renderSdkEnvironment(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" }), placement);
    expect(env).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel-gateway.tracing.svc:4317",
      OTLP_ENDPOINT: "https://otel-gateway.tracing.svc:4317",
      OTEL_TRACES_SAMPLER: "parentbased_always_on",
      TRACE_SAMPLING_RATE: "1",
      TRACE_SAMPLING_MODE: "collector",
    });
    const ruleVariables = Object.keys(env).filter((key) => /^TRACE_SAMPLING_(ERROR|SLOW|CRITICAL|REASON)/.test(key));
    expect(ruleVariables).toEqual([]);
    expect(env).not.toHaveProperty("OTEL_TRACES_SAMPLER_ARG");
    // A head share below 1 keeps whole traces too: the root decides, every child follows.
    const halved = renderSdkEnvironment(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_HEAD_RATE: "0.5" }), placement);
    expect(halved).toMatchObject({ OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.5", TRACE_SAMPLING_RATE: "0.5" });
    // Locally the single collector takes OTLP itself.
    expect(renderSdkEnvironment(resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" }), placement).OTLP_ENDPOINT).toBe("https://localhost:4317");
  });

  test("the emergency switch disables the SDK and the Genesis exporter", () => {
    const env = renderSdkEnvironment(resolveSettings("local", { OTLP_ENDPOINT: "disabled" }), placement);
    expect(env.OTEL_SDK_DISABLED).toBe("true");
    expect(env.OTLP_ENDPOINT).toBe("disabled");
  });
});

test("env file: one KEY=value line per variable, in order", () => {
  expect(toEnvFile({ A: "1", B: "x=y,z" })).toBe("A=1\nB=x=y,z\n");
});
