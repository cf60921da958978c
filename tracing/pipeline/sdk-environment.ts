/**
 * The in-process OpenTelemetry SDK configuration handed to Genesis services: the standard
 * `OTEL_*` variables every SDK reads, and the Genesis variables the services already use.
 */
import { SAMPLING_REASON_ATTRIBUTE } from "./sampling";
import { OTLP_DISABLED, type TracingSettings } from "../settings";

export interface SdkPlacement {
  /** Path, as the client service sees it, of the CA certificate that signed the collector's. */
  readonly caCertificatePath: string;
  /**
   * Where the client reaches the collector and the UI, when not where the settings say: a
   * container on the local tracing network dials them by their names there.
   * @default - `OTLP_ENDPOINT` and `JAEGER_UI_URL`
   */
  readonly reachedAt?: { readonly otlpEndpoint: string; readonly jaegerUiUrl: string };
}

/**
 * The SDK environment, in a stable order. Every value is plain text (no secret): it is
 * published in an env file locally and in ConfigMaps on Kubernetes.
 */
export function renderSdkEnvironment(settings: TracingSettings, placement: SdkPlacement): Record<string, string> {
  const { sampling, sdk } = settings;
  const bsp = sdk.batchSpanProcessor;
  const sdkSampled = sampling.mode === "sdk";
  const otlpEndpoint = placement.reachedAt?.otlpEndpoint ?? settings.otlpEndpoint;
  return {
    // The guide's emergency switch: flip to true and restart, no redeploy of the service.
    OTEL_SDK_DISABLED: String(!settings.tracingEnabled),
    OTEL_SERVICE_NAME: sdk.serviceName,
    OTEL_RESOURCE_ATTRIBUTES: `service.version=${sdk.serviceVersion},deployment.environment=${settings.environment}`,
    OTEL_TRACES_EXPORTER: "otlp",
    // The collector runs a traces pipeline only; metrics or logs sent to it would be refused.
    OTEL_METRICS_EXPORTER: "none",
    OTEL_LOGS_EXPORTER: "none",
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_EXPORTER_OTLP_CERTIFICATE: placement.caCertificatePath,
    OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
    OTEL_PROPAGATORS: "tracecontext,baggage",
    ...headSampler(settings),
    OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: String(sdk.attributeValueLengthLimit),
    OTEL_BSP_SCHEDULE_DELAY: String(bsp.scheduleDelayMs),
    OTEL_BSP_EXPORT_TIMEOUT: String(bsp.exportTimeoutMs),
    OTEL_BSP_MAX_QUEUE_SIZE: String(bsp.maxQueueSize),
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(bsp.maxExportBatchSize),
    // Genesis variables, as the services read them today.
    OTLP_ENDPOINT: settings.tracingEnabled ? otlpEndpoint : OTLP_DISABLED,
    OTLP_SECURE: String(settings.otlpSecure),
    TRACE_SAMPLING_RATE: String(sdkSampled ? sampling.baseRate : sampling.headRate),
    JAEGER_UI_URL: placement.reachedAt?.jaegerUiUrl ?? settings.jaegerUiUrl,
    TRACE_RETENTION_DAYS: String(settings.retentionDays),
    ENVIRONMENT: settings.environment,
    TRACE_SAMPLING_MODE: sampling.mode,
    // `sdk` mode: the Genesis tracer's in-process rules (the guide's rates), and the attribute
    // it marks rule-kept spans with so span metrics can leave them out (tracing/pipeline/sampling.ts).
    // `collector` mode: the backend applies them to whole traces; the tracer exports all.
    ...(sdkSampled
      ? {
          TRACE_SAMPLING_ERROR_RATE: String(sampling.errorRate),
          TRACE_SAMPLING_SLOW_RATE: String(sampling.slowOperationRate),
          TRACE_SAMPLING_SLOW_THRESHOLD_MS: String(sampling.slowOperationThresholdMs),
          TRACE_SAMPLING_CRITICAL_RATE: String(sampling.criticalOperationRate),
          TRACE_SAMPLING_CRITICAL_OPERATIONS: sampling.criticalOperations.join(","),
          TRACE_SAMPLING_REASON_ATTRIBUTE: SAMPLING_REASON_ATTRIBUTE,
        }
      : {}),
  };
}

/**
 * The SDK's own head sampler: the base rate in `sdk` mode (the Genesis tracer adds its rules
 * on top); in `collector` mode every trace, or the head share settings ask for, so the
 * collectors see whole traces to decide on. Parent-based either way, so a trace is never cut
 * where it crosses services.
 */
function headSampler(settings: TracingSettings): Record<string, string> {
  const { mode, baseRate, headRate } = settings.sampling;
  const rate = mode === "sdk" ? baseRate : headRate;
  return rate >= 1 ? { OTEL_TRACES_SAMPLER: "parentbased_always_on" } : { OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: String(rate) };
}

/** `KEY=value` lines, as read by `docker run --env-file`, python-dotenv and systemd. */
export function toEnvFile(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")
    .concat("\n");
}
