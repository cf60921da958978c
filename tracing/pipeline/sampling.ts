/**
 * What both sampling modes share: where span metrics are computed, and how they stay
 * unbiased when the sample is not uniform.
 *
 * `collector` mode: span metrics are computed on every span, before tail sampling (by the
 * gateway in prod, by the single collector locally), so they describe all traffic the SDKs
 * export: all of it, or at a head rate below 1 that uniform share of traces.
 *
 * `sdk` mode: the Genesis tracer keeps every error and slow operation and 10 % of critical
 * ones, but only `TRACE_SAMPLING_RATE` of the rest. Latency quantiles over that sample are
 * driven by the rules (a 1 % sample plus every slow span has a p99 near the slow threshold).
 * So the tracer marks each span it keeps for a reason other than the uniform base rate with
 * `SAMPLING_REASON_ATTRIBUTE` (one of `BIASED_SAMPLING_REASONS`); the collector's span
 * metrics carry it as a dimension, and latency alerts read only the spans without a biased
 * reason: a uniform sample, whose quantiles are the population's. Rates from that part are
 * the population's times the base rate.
 */
import type { TracingSettings } from "../settings";

/** The span attribute with which the Genesis tracer says why it kept a span (`sdk` mode). */
export const SAMPLING_REASON_ATTRIBUTE = "genesis.sampling.reason";

/** Its values for spans kept by a rule rather than by the uniform base rate. */
export const BIASED_SAMPLING_REASONS = ["error", "slow", "critical"] as const;

/** The Prometheus label the attribute becomes (the exporter turns dots into underscores). */
export const SAMPLING_REASON_LABEL = SAMPLING_REASON_ATTRIBUTE.replace(/[.]/g, "_");

/**
 * The label matcher that keeps the uniform part of the sample: spans without a biased reason.
 * `!~` rather than `=""`, so that a reason this package does not know yet is not left out.
 */
export const UNBIASED_MATCHER = `${SAMPLING_REASON_LABEL}!~"${BIASED_SAMPLING_REASONS.join("|")}"`;

/** Where the `spanmetrics` connector runs: before sampling, on every span it can see. */
export function spanMetricsAt(settings: TracingSettings): "collector" | "gateway" {
  return settings.sampling.mode === "collector" && settings.stack === "prod" ? "gateway" : "collector";
}

/**
 * The part of the span metrics that is a uniform sample of the traffic, and its share: what
 * the Monitor tab's rules scale (tracing/monitoring/monitor-tab.ts). `sdk` mode: the spans
 * without a biased reason, a `TRACE_SAMPLING_RATE` sample. `collector` mode: every span the
 * gateway (or local collector) sees, which is the `TRACE_SAMPLING_HEAD_RATE` share of traces
 * the SDK's `parentbased_traceidratio` exports (tracing/pipeline/sdk-environment.ts), all of
 * them at a head rate of 1.
 */
export function spanMetricsUniformPart(settings: TracingSettings): { readonly share: number; readonly matcher?: string } {
  const { mode, baseRate, headRate } = settings.sampling;
  return mode === "sdk" ? { share: baseRate, matcher: UNBIASED_MATCHER } : { share: headRate };
}

/**
 * Whether the tab can show the traffic: in `sdk` mode at a base rate of 0 there is no uniform
 * part to scale, and every rate the tab showed would be a rule's, not the traffic's.
 */
export const monitorTabPossible = (settings: TracingSettings): boolean => spanMetricsUniformPart(settings).share > 0;
