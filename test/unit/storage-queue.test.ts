import { resolveSettings } from "../../tracing/checked-settings";
import { type TracingSettings } from "../../tracing/settings";
import { storageQueueSizing } from "../../tracing/pipeline/storage-queue";
import { validateSettings } from "../../tracing/checked-settings/validation";

const MiB = 1024 * 1024;
const local = resolveSettings("local");
const prod = resolveSettings("prod");
const withRate = (settings: TracingSettings, designSpansPerSecond: number, change: Partial<TracingSettings["collector"]> = {}) => ({
  ...settings,
  collector: { ...settings.collector, designSpansPerSecond, ...change },
});

describe("default properties", () => {
  test("the design rate is the guide's ~1 GiB/day of ~1 KiB spans at four times the average", () => {
    const averageSpansPerSecond = (prod.elasticsearch.dailyVolumeGiB * 1024 * MiB) / 1024 / 86_400;
    expect(averageSpansPerSecond).toBeCloseTo(12.14, 2);
    expect(prod.collector.designSpansPerSecond).toBe(50);
    expect(prod.collector.designSpansPerSecond / averageSpansPerSecond).toBeCloseTo(4.1, 1);
  });

  test("prod: 2 collectors take 25 spans/s each; 25 x 300 s x 2 = 15 000 spans, 29.3 MiB of 128 MiB", () => {
    expect(storageQueueSizing(prod)).toEqual({
      pods: 2,
      spansPerSecondPerPod: 25,
      queueSpans: 15_000,
      queueBytes: 30_720_000,
      memoryBudgetBytes: 128 * MiB,
      memoryLimitMiBNeeded: 118,
      podsNeeded: 1,
    });
  });

  test("local: the one collector takes all 50 spans/s; 50 x 300 s x 2 = 30 000 spans, 58.6 MiB", () => {
    const queue = storageQueueSizing(local);
    expect(queue).toMatchObject({ pods: 1, spansPerSecondPerPod: 50, queueSpans: 30_000, queueBytes: 61_440_000 });
    expect(queue.queueBytes).toBeLessThanOrEqual(queue.memoryBudgetBytes);
  });
});

describe("sizing", () => {
  test("the queue holds a five-minute outage at the design rate, twice over", () => {
    for (const settings of [local, prod]) {
      const queue = storageQueueSizing(settings);
      expect(queue.queueSpans).toBe(queue.spansPerSecondPerPod * 300 * 2);
    }
  });

  test("more replicas share the rate", () => {
    const queue = storageQueueSizing({ ...withRate(prod, 200), kubernetes: { ...prod.kubernetes, collectorReplicas: 4 } });
    expect(queue.spansPerSecondPerPod).toBe(50);
    expect(queue.queueSpans).toBe(50 * 300 * 2);
  });

  test("a low rate still holds one whole batch of 8192 spans", () => {
    expect(storageQueueSizing(withRate(prod, 1)).queueSpans).toBe(8192);
  });

  test("at 10x the rate a 512 MiB collector is too small: 293 MiB of queue needs 1172 MiB, or 5 collectors", () => {
    const queue = storageQueueSizing(withRate(prod, 500));
    expect(queue.queueSpans).toBe(150_000);
    expect(queue.queueBytes / MiB).toBeCloseTo(293, 0);
    expect(queue.queueBytes).toBeGreaterThan(queue.memoryBudgetBytes);
    expect(queue.memoryLimitMiBNeeded).toBe(1172);
    expect(queue.podsNeeded).toBe(5);
    const fiveCollectors = storageQueueSizing({ ...withRate(prod, 500), kubernetes: { ...prod.kubernetes, collectorReplicas: 5 } });
    expect(fiveCollectors.queueBytes / MiB).toBeCloseTo(117, 0);
    expect(fiveCollectors.queueBytes).toBeLessThanOrEqual(fiveCollectors.memoryBudgetBytes);
    expect(storageQueueSizing(withRate(prod, 500, { memoryLimitMiB: 1172 })).memoryBudgetBytes).toBeGreaterThanOrEqual(queue.queueBytes);
  });
});

describe("validation", () => {
  test("the defaults fit", () => {
    expect(validateSettings(local)).toEqual([]);
    expect(validateSettings(prod)).toEqual([]);
  });

  test("fails if the queue does not fit the collector's memory, naming what to raise", () => {
    expect(() => resolveSettings("prod", { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "500" })).toThrow(
      /TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND \(collector\.designSpansPerSecond; or change TRACING_COLLECTOR_MEMORY_LIMIT_MIB, TRACING_COLLECTOR_REPLICAS\) must be .* raise the collector memory limit to at least 1172 MiB \(at most 65536\)/,
    );
    expect(() => resolveSettings("prod", { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "500", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1280" })).not.toThrow();
    expect(validateSettings(withRate(prod, 500))).toEqual([
      {
        field: "collector.designSpansPerSecond",
        value: 500,
        allowed: expect.stringMatching(
          /queue would hold 293 MiB, the budget is 128 MiB\); raise the collector memory limit to at least 1172 MiB \(at most 65536\) or the collector replicas to at least 5 \(at most 50\)$/,
        ),
        alsoFields: ["collector.memoryLimitMiB", "kubernetes.collectorReplicas"],
      },
    ]);
    expect(validateSettings(withRate(local, 500))).toEqual([
      expect.objectContaining({ field: "collector.designSpansPerSecond", allowed: expect.stringMatching(/at least 2344 MiB \(at most 65536\)$/) }),
    ]);
  });

  test("fits again with the memory it names", () => {
    expect(validateSettings(withRate(prod, 500, { memoryLimitMiB: 1172 }))).toEqual([]);
  });

  test.each([
    ["no design rate", { designSpansPerSecond: 0 }, "collector.designSpansPerSecond"],
    ["an infinite design rate", { designSpansPerSecond: Infinity }, "collector.designSpansPerSecond"],
    ["a collector below 128 MiB", { memoryLimitMiB: 64 }, "collector.memoryLimitMiB"],
    ["a fractional memory limit", { memoryLimitMiB: 512.5 }, "collector.memoryLimitMiB"],
  ])("fails if %s", (_rule, change, field) => {
    expect(validateSettings({ ...prod, collector: { ...prod.collector, ...change } }).map((p) => p.field)).toEqual([field]);
  });
});
