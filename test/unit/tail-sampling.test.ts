import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { renderSamplingPolicies, renderTailSamplingProcessor, SAMPLING_HASH_SALT, spanNameRegex, tailSamplingSizing } from "../../tracing/pipeline/tail-sampling";
import { evaluate, fnv1a64, keptBy, policiesOf, span, traceId } from "../tail-sampling-model";

const collectorMode = (env: EnvironmentVariables = {}) => resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", ...env });
const settings = collectorMode();
const policies = policiesOf(settings);

test("the model's FNV-1a 64 is Go's hash/fnv New64a (published test vectors)", () => {
  expect(fnv1a64(new Uint8Array())).toBe(0xcbf29ce484222325n);
  expect(fnv1a64(Buffer.from("a"))).toBe(0xaf63dc4c8601ec8cn);
  expect(fnv1a64(Buffer.from("foobar"))).toBe(0x85944171f73967e8n);
});

describe("the guide's policy, which trace is kept by which rule", () => {
  test("the rendered rules, in order: errors, slow, critical operations, base", () => {
    expect(policies).toEqual([
      { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
      {
        name: "slow",
        type: "ottl_condition",
        ottl_condition: { error_mode: "ignore", span: ["end_time_unix_nano - start_time_unix_nano > 100000000"] },
      },
      {
        name: "critical-operations",
        type: "and",
        and: {
          and_sub_policy: [
            {
              name: "critical-operations-match",
              type: "ottl_condition",
              ottl_condition: { error_mode: "ignore", span: ['IsMatch(name, "^genesis[.]order[.].*$")', 'IsMatch(name, "^genesis[.]risk[.].*$")'] },
            },
            { name: "critical-operations-share", type: "probabilistic", probabilistic: { hash_salt: SAMPLING_HASH_SALT, sampling_percentage: 10 } },
          ],
        },
      },
      { name: "base", type: "probabilistic", probabilistic: { hash_salt: SAMPLING_HASH_SALT, sampling_percentage: 1 } },
    ]);
  });

  test("a trace with an error anywhere is kept, whatever else it is", () => {
    for (let n = 0; n < 200; n++) {
      const trace = { id: traceId(n), spans: [span("genesis.quote.get"), span("db.query", 5, { status: "ERROR" })] };
      expect(keptBy(policies, trace)).toContain("errors");
    }
  });

  test("a trace with one operation slower than 100 ms is kept; fast operations adding up to more are not slow", () => {
    const slow = { id: traceId(1), spans: [span("a", 20), { name: "b", startMs: 30, endMs: 131 }] };
    const exactly = { id: traceId(1), spans: [span("a", 100)] };
    // Four 60 ms hops one after another: 240 ms end to end, no slow operation.
    const chain = { id: traceId(1), spans: [0, 60, 120, 180].map((start) => ({ name: "hop", startMs: start, endMs: start + 60 })) };
    expect(keptBy(policies, slow)).toContain("slow");
    expect(keptBy(policies, exactly)).not.toContain("slow");
    expect(keptBy(policies, chain)).not.toContain("slow");
  });

  const TRACES = 1500;
  const verdicts = (name: string) => Array.from({ length: TRACES }, (_, i) => keptBy(policies, { id: traceId(i), spans: [span(name)] }));
  const share = (kept: string[][]) => kept.filter((k) => k.length > 0).length / TRACES;

  test("critical operations are kept at 10 %, and ordinary traces at 1 %, measured over 1500 trace IDs", () => {
    expect(Math.abs(share(verdicts("genesis.order.submit")) - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share(verdicts("genesis.risk.check")) - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share(verdicts("genesis.quote.get")) - 0.01)).toBeLessThan(0.006);
  });

  test("the 1 % lies inside the 10 % (one salt): a critical trace is kept at 10 %, not 10 % + 1 %", () => {
    const critical = verdicts("genesis.order.submit");
    const byBase = critical.filter((kept) => kept.includes("base"));
    expect(byBase.length).toBeGreaterThan(8);
    expect(byBase.filter((kept) => !kept.includes("critical-operations"))).toEqual([]);
  });

  test("patterns match whole span names: genesis.orders.x and x.genesis.order.y are not critical", () => {
    expect(spanNameRegex("genesis.order.*")).toBe("^genesis[.]order[.].*$");
    for (const name of ["genesis.orders.submit", "x.genesis.order.y", "genesisXorder.submit"]) {
      const critical = policies.find((p: any) => p.name === "critical-operations").and.and_sub_policy[0];
      expect([name, evaluate(critical, { id: traceId(0), spans: [span(name)] })]).toEqual([name, false]);
    }
  });

  test("a critical attribute, when set, marks critical operations too, at the same nested share", () => {
    const withAttribute = policiesOf(collectorMode({ TRACE_SAMPLING_CRITICAL_ATTRIBUTE: "genesis.critical=true" }));
    const rule = withAttribute.find((p: any) => p.name === "critical-attribute");
    expect(rule.and.and_sub_policy[0]).toEqual({
      name: "critical-attribute-match",
      type: "string_attribute",
      string_attribute: { key: "genesis.critical", values: ["true"] },
    });
    const n = 1000;
    const marked = (i: number) => ({ id: traceId(i), spans: [span("settlement.run", 20, { attributes: { "genesis.critical": "true" } })] });
    const kept = Array.from({ length: n }, (_, i) => keptBy(withAttribute, marked(i))).filter((k) => k.length > 0);
    expect(kept.length / n).toBeCloseTo(0.1, 1);
    expect(kept.every((k) => k.includes("critical-attribute"))).toBe(true);
  });

  test("every rate and the threshold come from the sampling settings", () => {
    const tuned = policiesOf(
      collectorMode({
        TRACE_SAMPLING_ERROR_RATE: "0.5",
        TRACE_SAMPLING_SLOW_THRESHOLD_MS: "250",
        TRACE_SAMPLING_CRITICAL_RATE: "0.2",
        TRACE_SAMPLING_RATE: "0.05",
        TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "150",
        TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1024",
        TRACE_SAMPLING_CRITICAL_OPERATIONS: "payments.*",
      }),
    );
    const percentages = (p: any): number[] =>
      p.type === "probabilistic" ? [p.probabilistic.sampling_percentage] : p.type === "and" ? p.and.and_sub_policy.flatMap(percentages) : [];
    expect(tuned.map((p: any) => [p.name, percentages(p)])).toEqual([
      ["errors", [50]],
      ["slow", []],
      ["critical-operations", [20]],
      ["base", [5]],
    ]);
    expect(tuned[1].ottl_condition.span).toEqual(["end_time_unix_nano - start_time_unix_nano > 250000000"]);
    expect(tuned[2].and.and_sub_policy[0].ottl_condition.span).toEqual(['IsMatch(name, "^payments[.].*$")']);
    // A rule at rate 0 keeps nothing: it is left out rather than rendered at 0 %.
    expect(policiesOf(collectorMode({ TRACE_SAMPLING_RATE: "0" })).map((p: any) => p.name)).toEqual(["errors", "slow", "critical-operations"]);
  });

  test("policy names are unique (upstream refuses duplicates) and every key is one upstream defines", () => {
    const all = renderSamplingPolicies(collectorMode({ TRACE_SAMPLING_CRITICAL_ATTRIBUTE: "k=v", TRACE_SAMPLING_ERROR_RATE: "0.5" })) as any[];
    const flat = all.flatMap((p) => (p.type === "and" ? [p, ...p.and.and_sub_policy] : [p]));
    expect(new Set(flat.map((p) => p.name)).size).toBe(flat.length);
    // contrib v0.155.0 tailsamplingprocessor config.go: PolicyCfg / AndSubPolicyCfg and each type's config struct.
    const keys: Record<string, string[]> = {
      status_code: ["status_codes"],
      probabilistic: ["hash_salt", "sampling_percentage"],
      ottl_condition: ["error_mode", "span"],
      string_attribute: ["key", "values"],
      and: ["and_sub_policy"],
    };
    for (const p of flat) {
      expect(Object.keys(p).sort()).toEqual(["name", "type", p.type].sort());
      expect(Object.keys(p[p.type]).sort()).toEqual(keys[p.type].sort());
    }
  });
});

describe("sizing from the design rate", () => {
  test("defaults: 2000 spans/s over 2 collectors, 10 s traces and a 5 s batch delay", () => {
    expect(tailSamplingSizing(settings)).toEqual({
      collectors: 2,
      spansPerSecondPerCollector: 1000,
      tracesPerSecondPerCollector: 100,
      decisionWaitSeconds: 17,
      numTraces: 3400,
      decisionCacheTraces: 30000,
      bufferBytes: 3400 * 10 * 2048,
    });
    expect(renderTailSamplingProcessor(settings)).toMatchObject({
      decision_wait: "17s",
      num_traces: 3400,
      expected_new_traces_per_sec: 100,
      decision_cache: { sampled_cache_size: 30000, non_sampled_cache_size: 30000 },
      drop_pending_traces_on_shutdown: false,
    });
  });

  test("10x the rate: 10x the buffer; more collectors share it", () => {
    // The collectors' memory must grow with it (validation says how much; docs/sampling.md#tail-sampling-sizing-collector-mode).
    // What the collectors store grows with it too (validation: at least the base rule's 200 spans/s).
    const memory = { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "500", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "4096", TRACING_GATEWAY_MEMORY_LIMIT_MIB: "16384" };
    const tenfold = tailSamplingSizing(collectorMode({ TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "20000", ...memory }));
    expect(tenfold.numTraces).toBe(34_000);
    const spread = tailSamplingSizing(
      collectorMode({ TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "20000", TRACING_COLLECTOR_REPLICAS: "10", TRACING_COLLECTOR_MAX_REPLICAS: "20", ...memory }),
    );
    expect(spread.numTraces).toBe(6800);
  });

  test("the decision waits for the longest trace and the SDK's batch delay", () => {
    const long = tailSamplingSizing(
      collectorMode({ TRACE_SAMPLING_LONGEST_TRACE_SECONDS: "30", SDK_BSP_SCHEDULE_DELAY_MS: "1500", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1024" }),
    );
    expect(long.decisionWaitSeconds).toBe(30 + 2 + 2);
  });

  test("locally the one collector takes the whole (laptop) rate", () => {
    expect(tailSamplingSizing(resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" })).spansPerSecondPerCollector).toBe(50);
  });

  test("synth refuses a rate whose buffer and storage queue outgrow a quarter of the collector, and says what fixes it", () => {
    const tenfold = { TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "20000", TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "500", TRACING_GATEWAY_MEMORY_LIMIT_MIB: "16384" };
    expect(() => collectorMode(tenfold)).toThrow(
      /sampling\.designSpansPerSecond\b.*tail-sampling buffer \(664 MiB\) and storage queue \(293 MiB\) fit a quarter of the collector's memory \(128 MiB\); raise the collector memory limit to at least 3829 MiB/,
    );
    // The same rate in `sdk` mode sizes nothing: the gateway and the buffer do not exist.
    expect(() => resolveSettings("prod", { TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "20000" })).not.toThrow();
  });

  test("synth refuses a gateway whose export queue outgrows a quarter of its memory", () => {
    expect(() => collectorMode({ TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "3000" })).toThrow(
      /gateway\.memoryLimitMiB\b.*export queue \(352 MiB at 3000 spans\/s\); at least 1407 MiB .* or at least 3 gateways, got 1024/,
    );
  });
});
