/**
 * A model of the collectors' tail-sampling decision, shared by the tests that need to know which
 * trace the rendered policy keeps (test/unit/tail-sampling.test.ts checks it against upstream's
 * evaluators; test/unit/monitor-tab.test.ts runs a synthetic stream through it).
 */
import { createHash } from "node:crypto";
import { parse } from "yaml";
import type { resolveSettings } from "../tracing/checked-settings";
import { renderTailSamplingProcessor } from "../tracing/pipeline/tail-sampling";
import { toYaml } from "../tracing/core/yaml";

export interface Span {
  /** The service that emitted it (its resource's `service.name`); the policies do not read it. */
  readonly service?: string;
  readonly name: string;
  readonly status?: "OK" | "ERROR" | "UNSET";
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes?: Readonly<Record<string, string>>;
}
export interface Trace {
  /** 32 hex digits. */
  readonly id: string;
  readonly spans: readonly Span[];
}

/**
 * contrib v0.155.0 processor/tailsamplingprocessor/internal/sampling, as far as our policies
 * use it: probabilistic.go `hashTraceID` (FNV-1a 64 over the salt, then the 16 trace-ID
 * bytes) `<= percentage/100 * MaxUint64`; status_code.go (any span); ottl.go (any span meets
 * any condition; `IsMatch` is an unanchored RE2 search; OTTL math on int64 paths, LANGUAGE.md
 * "Math Expressions"); string_attribute.go (any span, exact values); and.go (every
 * sub-policy). A trace is kept when any policy keeps it.
 */
export function fnv1a64(bytes: Uint8Array): bigint {
  // Go's arithmetic mod 2^64 in four 16-bit limbs (low first): BigInt per byte made a stream of
  // a few hundred thousand traces take seconds. The prime 0x100000001b3 is 0x1b3 + 0x100 * 2^32.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of bytes) {
    h0 ^= byte;
    const r0 = h0 * 0x1b3;
    const r1 = h1 * 0x1b3 + (r0 >>> 16);
    const r2 = h2 * 0x1b3 + h0 * 0x100 + (r1 >>> 16);
    const r3 = h3 * 0x1b3 + h1 * 0x100 + (r2 >>> 16);
    h0 = r0 & 0xffff;
    h1 = r1 & 0xffff;
    h2 = r2 & 0xffff;
    h3 = r3 & 0xffff;
  }
  return (BigInt(h3 * 0x10000 + h2) << 32n) | BigInt(h1 * 0x10000 + h0);
}
const MAX_UINT64 = 2n ** 64n - 1n;

export function evaluate(policy: any, trace: Trace): boolean {
  switch (policy.type) {
    case "probabilistic": {
      const bytes = Buffer.concat([Buffer.from(policy.probabilistic.hash_salt), Buffer.from(trace.id, "hex")]);
      // Go: uint64(percentage / 100 * MaxUint64), in float64.
      const threshold = BigInt(Math.min(Number(MAX_UINT64), Math.floor((policy.probabilistic.sampling_percentage / 100) * Number(MAX_UINT64))));
      return fnv1a64(bytes) <= threshold;
    }
    case "status_code":
      return trace.spans.some((s) => policy.status_code.status_codes.includes(s.status ?? "UNSET"));
    case "ottl_condition":
      return trace.spans.some((s) => policy.ottl_condition.span.some((condition: string) => ottl(condition, s)));
    case "string_attribute":
      return trace.spans.some((s) => policy.string_attribute.values.includes(s.attributes?.[policy.string_attribute.key]));
    case "and":
      return policy.and.and_sub_policy.every((sub: any) => evaluate(sub, trace));
    default:
      throw new Error(`the model does not know policy type ${policy.type}`);
  }
}

/** The two OTTL span conditions the policy uses, evaluated on one span (times in ns, as OTLP has them). */
const compiled = new Map<string, RegExp>();
function ottl(condition: string, span: Span): boolean {
  const name = /^IsMatch\(name, "(.*)"\)$/.exec(condition);
  if (name) {
    if (!compiled.has(name[1])) compiled.set(name[1], new RegExp(name[1]));
    return compiled.get(name[1])!.test(span.name);
  }
  const slower = /^end_time_unix_nano - start_time_unix_nano > (\d+)$/.exec(condition);
  if (slower) return BigInt(span.endMs) * 1_000_000n - BigInt(span.startMs) * 1_000_000n > BigInt(slower[1]);
  throw new Error(`the model does not read ${condition}`);
}

/** The policies of the rendered config (read back from YAML, as the collector reads it). */
export const policiesOf = (settings: ReturnType<typeof resolveSettings>) => parse(toYaml(renderTailSamplingProcessor(settings))).policies;
export const keptBy = (policies: any[], trace: Trace): string[] => policies.filter((p) => evaluate(p, trace)).map((p) => p.name);

/** Deterministic trace IDs, spread over the hash space like random ones. */
export const traceId = (n: number) => createHash("sha256").update(`trace-${n}`).digest("hex").slice(0, 32);
export const span = (name: string, durationMs = 20, extra: Partial<Span> = {}): Span => ({ name, startMs: 0, endMs: durationMs, ...extra });

