/**
 * The guide's sampling policy as the collectors' `tail_sampling` processor applies it in
 * `collector` mode, to whole traces, and the sizing of what the processor holds meanwhile.
 * Both stacks render it from here: the prod collectors behind the gateway and the single
 * local collector.
 *
 * The policy keeps a trace when any of its rules keeps it:
 *   - a span with status ERROR: `errorRate` of such traces;
 *   - a span (an operation) longer than `slowOperationThresholdMs`: `slowOperationRate` of them.
 *     Per span, as the guide and the SDK mean it, through OTTL arithmetic on the span's own
 *     times: contrib's `latency` policy would measure the whole trace, first start to last
 *     end, and keep every trace whose fast hops add up to the threshold;
 *   - a span of a critical operation (name pattern or attribute): `criticalOperationRate`;
 *   - any trace: `baseRate`.
 * Every share below 1 is a `probabilistic` sub-policy over the trace ID with one salt, so the
 * kept shares nest: the 1 % kept by the base rule lies inside the 10 % a critical trace is
 * kept at, and a critical trace is kept at 10 %, not at 10 % + 1 %.
 *
 * Sizing, per collector (the design rate shared by the autoscaler's minimum):
 *   traces/s      = design spans/s / collectors / SPANS_PER_TRACE
 *   decision_wait = longest trace + the SDK's batch delay + LATE_SPAN_MARGIN_SECONDS
 *   num_traces    = traces/s x decision_wait x BUFFER_HEADROOM
 *   memory        = num_traces x SPANS_PER_TRACE x SPAN_MEMORY_BYTES
 * A trace's spans reach one collector over several SDK batches: a span ends at most the
 * longest trace after the first began, and waits up to the batch delay in its service.
 */
import type { TracingSettings } from "../settings";
import { collectorCount, SPAN_MEMORY_BYTES } from "./storage-queue";

/** Spans of an average Genesis trace (an order through gateway, risk, matching and booking). */
export const SPANS_PER_TRACE = 10;

/** Time for the gateway hop and clock skew between services, on top of the SDK's batch delay. */
export const LATE_SPAN_MARGIN_SECONDS = 2;

/** Room above the design rate in the buffer (bursts, and a collector's share before re-balancing). */
export const BUFFER_HEADROOM = 2;

/**
 * How long after its decision a trace's late spans still follow it: an SDK retries a failed
 * export for up to its export timeout, and a restarted gateway replays its queue. The decision
 * caches remember that many seconds of trace IDs (a few bytes each), so a late span is kept or
 * dropped as its trace was, instead of starting a new trace of one span.
 */
export const DECISION_MEMORY_SECONDS = 300;

/** One salt for every probabilistic rule, so the shares they keep nest (see above). */
export const SAMPLING_HASH_SALT = "genesis-tracing";

export interface TailSamplingSizing {
  readonly collectors: number;
  readonly spansPerSecondPerCollector: number;
  readonly tracesPerSecondPerCollector: number;
  readonly decisionWaitSeconds: number;
  readonly numTraces: number;
  /** Trace IDs each decision cache remembers. */
  readonly decisionCacheTraces: number;
  /** What a full buffer holds in memory. */
  readonly bufferBytes: number;
}

export function tailSamplingSizing(settings: TracingSettings): TailSamplingSizing {
  const collectors = collectorCount(settings);
  const spansPerSecondPerCollector = settings.sampling.designSpansPerSecond / collectors;
  const tracesPerSecondPerCollector = spansPerSecondPerCollector / SPANS_PER_TRACE;
  const batchDelaySeconds = Math.ceil(settings.sdk.batchSpanProcessor.scheduleDelayMs / 1000);
  const decisionWaitSeconds = settings.sampling.longestTraceSeconds + batchDelaySeconds + LATE_SPAN_MARGIN_SECONDS;
  const numTraces = Math.ceil(tracesPerSecondPerCollector * decisionWaitSeconds * BUFFER_HEADROOM);
  return {
    collectors,
    spansPerSecondPerCollector,
    tracesPerSecondPerCollector,
    decisionWaitSeconds,
    numTraces,
    decisionCacheTraces: Math.ceil(tracesPerSecondPerCollector * DECISION_MEMORY_SECONDS),
    bufferBytes: numTraces * SPANS_PER_TRACE * SPAN_MEMORY_BYTES,
  };
}

/** An RE2 pattern, anchored, for a span-name pattern whose `*` matches any run of characters. */
export function spanNameRegex(pattern: string): string {
  // Dots go in a class rather than behind a backslash, which OTTL strings and YAML would each unescape.
  const body = pattern.replace(/[.]/g, "[.]").replace(/[*]/g, ".*");
  return `^${body}$`;
}

interface Policy {
  readonly name: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

const asPercentage = (rate: number) => Number((rate * 100).toPrecision(6));
const probabilistic = (name: string, rate: number): Policy => ({
  name,
  type: "probabilistic",
  probabilistic: { hash_salt: SAMPLING_HASH_SALT, sampling_percentage: asPercentage(rate) },
});

/** A rule on single spans: kept when any span of the trace meets one of `conditions` (OTTL, span context). */
const spanRule = (name: string, conditions: readonly string[]): Policy => ({
  name,
  type: "ottl_condition",
  // `ignore`: a span a condition cannot evaluate does not match, and nothing is logged per span.
  ottl_condition: { error_mode: "ignore", span: conditions },
});

const NANOSECONDS_PER_MS = 1_000_000;

/** A rule kept at `rate`: alone at 1, with a probabilistic share below, not at all at 0. */
function atRate(rule: Policy, rate: number): Policy[] {
  if (rate <= 0) return [];
  if (rate >= 1) return [rule];
  const { name: _name, ...matcher } = rule;
  return [{ name: rule.name, type: "and", and: { and_sub_policy: [{ name: `${rule.name}-match`, ...matcher }, probabilistic(`${rule.name}-share`, rate)] } }];
}

export function renderSamplingPolicies(settings: TracingSettings): Policy[] {
  const s = settings.sampling;
  // Bare paths (`name`, `end_time_unix_nano`): context-prefixed ones (`span.name`) are parsed
  // only by later OTTL releases. Validation keeps at least one pattern.
  const names = s.criticalOperations.map((pattern) => `IsMatch(name, "${spanNameRegex(pattern)}")`);
  const slow = `end_time_unix_nano - start_time_unix_nano > ${s.slowOperationThresholdMs * NANOSECONDS_PER_MS}`;
  const [attributeKey, attributeValue] = s.criticalAttribute === "" ? [] : s.criticalAttribute.split("=", 2);
  return [
    ...atRate({ name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } }, s.errorRate),
    ...atRate(spanRule("slow", [slow]), s.slowOperationRate),
    ...atRate(spanRule("critical-operations", names), s.criticalOperationRate),
    ...(attributeKey === undefined
      ? []
      : atRate(
          { name: "critical-attribute", type: "string_attribute", string_attribute: { key: attributeKey, values: [attributeValue] } },
          s.criticalOperationRate,
        )),
    ...(s.baseRate > 0 ? [probabilistic("base", s.baseRate)] : []),
  ];
}

/** The `tail_sampling` processor of the collectors in `collector` mode. */
export function renderTailSamplingProcessor(settings: TracingSettings): object {
  const sizing = tailSamplingSizing(settings);
  return {
    decision_wait: `${sizing.decisionWaitSeconds}s`,
    num_traces: sizing.numTraces,
    expected_new_traces_per_sec: Math.ceil(sizing.tracesPerSecondPerCollector),
    decision_cache: { sampled_cache_size: sizing.decisionCacheTraces, non_sampled_cache_size: sizing.decisionCacheTraces },
    // A stopping collector decides its pending traces on the spans it has and exports the kept
    // ones (the upstream default, stated because dropping them would lose spans on every roll).
    drop_pending_traces_on_shutdown: false,
    policies: renderSamplingPolicies(settings),
  };
}
