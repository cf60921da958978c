/**
 * The cross-field rules of tracing/checked-settings/validation.ts, one by one: a bad value is
 * refused with its whole message (the variable, the variables named alongside, what is
 * allowed, the value), the value just inside the bound is accepted, and a value the schema
 * already refuses is not judged again by the rules that read it. The numbers in the messages
 * are worked out by hand in the comments.
 */
import { resolveSettings } from "../../tracing/checked-settings";
import { schemaRange, validateSettings } from "../../tracing/checked-settings/validation";
import type { EnvironmentVariables, StackName, TracingSettings } from "../../tracing/settings";
import { SettingsError } from "../../tracing/settings/problems";

/** The problem lines for `env` under `stack`, without their bullet; [] when the settings are accepted. */
function refusals(stack: StackName, env: EnvironmentVariables): string[] {
  try {
    resolveSettings(stack, env);
    return [];
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return error.message
      .split("\n")
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ""));
  }
}

const local = resolveSettings("local");
const prod = resolveSettings("prod");
const collectorMode = { TRACE_SAMPLING_MODE: "collector" };

describe("image versions", () => {
  const jaegerV2 = "must be a Jaeger v2 release such as 2.20.0 (v1 is end of life)";
  const elasticsearch7to9 = "must be an Elasticsearch 7.x, 8.x or 9.x release such as 9.5.0 (what Jaeger 2.20 supports)";

  test.each([
    ["a prefix before the major version", "v2.20.0"],
    ["a suffix after the patch version", "2.20.0-rc1"],
    ["no patch version", "2.20"],
  ])("JAEGER_VERSION with %s is refused", (_what, tag) => {
    expect(refusals("local", { JAEGER_VERSION: tag })).toEqual([`JAEGER_VERSION (images.jaeger.tag) ${jaegerV2}, got "${tag}"`]);
  });

  test.each([
    ["no patch version", "9.5"],
    ["a major version above 9", "10.0.0"],
  ])("ELASTICSEARCH_VERSION with %s is refused", (_what, tag) => {
    expect(refusals("local", { ELASTICSEARCH_VERSION: tag })).toEqual([`ELASTICSEARCH_VERSION (images.elasticsearch.tag) ${elasticsearch7to9}, got "${tag}"`]);
  });

  test("a tag that is no exact version is refused once, by the tag rule, not again as no release", () => {
    expect(refusals("local", { JAEGER_VERSION: "latest", ELASTICSEARCH_VERSION: "latest" })).toEqual([
      'JAEGER_VERSION (images.jaeger.tag) must be an exact version tag, not latest in any case (it moves under a running deploy), got "latest"',
      'ELASTICSEARCH_VERSION (images.elasticsearch.tag) must be an exact version tag, not latest in any case (it moves under a running deploy), got "latest"',
    ]);
  });

  test("patch versions of two digits and the 7.x line are accepted", () => {
    expect(refusals("local", { JAEGER_VERSION: "2.20.10", ELASTICSEARCH_VERSION: "7.17.29" })).toEqual([]);
  });
});

describe("index prefix", () => {
  test("a prefix ending in a dash is refused; inner dashes are accepted", () => {
    expect(refusals("local", { TRACE_INDEX_PREFIX: "genesis-" })).toEqual([
      'TRACE_INDEX_PREFIX (indexPrefix) must be 1-30 lower-case letters, digits and inner dashes, starting with a letter, got "genesis-"',
    ]);
    expect(refusals("local", { TRACE_INDEX_PREFIX: "genesis-traces" })).toEqual([]);
  });
});

describe("Elasticsearch sizes", () => {
  test("replicas: at most one fewer than the nodes (3 nodes: 0 to 2), naming ES_NODE_COUNT", () => {
    expect(refusals("prod", { ES_INDEX_REPLICAS: "3" })).toEqual([
      "ES_INDEX_REPLICAS (elasticsearch.replicas; or change ES_NODE_COUNT) must be a whole number between 0 and 2 (nodes - 1), or the cluster stays yellow, got 3",
    ]);
    expect(refusals("prod", { ES_INDEX_REPLICAS: "2" })).toEqual([]);
  });

  test("replicas: a fraction is refused by the replicas rule itself", () => {
    expect(validateSettings({ ...prod, elasticsearch: { ...prod.elasticsearch, replicas: 0.5 } })).toEqual([
      {
        field: "elasticsearch.replicas",
        value: 0.5,
        allowed: "a whole number between 0 and 2 (nodes - 1), or the cluster stays yellow",
        alsoFields: ["elasticsearch.nodeCount"],
      },
    ]);
  });

  test("a memory limit below twice the heap is reported once, by its rule, not again by the schema's 4096 MiB minimum", () => {
    expect(refusals("local", { ES_MEMORY_LIMIT_MIB: "3000" })).toEqual([
      "ES_MEMORY_LIMIT_MIB (elasticsearch.memoryLimitMiB; or change ES_HEAP_MIB) must be a whole number of MiB at least twice the heap (4096); Elasticsearch needs the rest off-heap, got 3000",
    ]);
  });

  test("disk and shards are not judged from a retention the schema refuses", () => {
    expect(refusals("local", { TRACE_RETENTION_DAYS: "3651" })).toEqual(["TRACE_RETENTION_DAYS (retentionDays) must be a whole number between 1 and 3650, got 3651"]);
  });

  test("disk: a fraction of a GiB is refused by the disk rule, with its formula", () => {
    expect(validateSettings({ ...local, elasticsearch: { ...local.elasticsearch, diskGiB: 10.5 } })).toEqual([
      {
        field: "elasticsearch.diskGiB",
        value: 10.5,
        allowed: "between 10 and 65536 GiB per node: (7 days + 1) x 1 GiB/day x (1 + 0 replicas) / 1 (nodes - 1, at least 1) / 0.85 (the disk watermark)",
        alsoFields: ["retentionDays", "elasticsearch.dailyVolumeGiB", "elasticsearch.replicas", "elasticsearch.nodeCount"],
      },
    ]);
  });

  const diskInputs = "ES_DISK_GIB (elasticsearch.diskGiB, default; or change TRACE_RETENTION_DAYS, ES_DAILY_VOLUME_GIB, ES_INDEX_REPLICAS, ES_NODE_COUNT)";
  const shardLimit =
    "must be a retention whose indices fit Elasticsearch's limit of 1000 shards per node (100 left to its own indices), or rollover stops and ILM stalls once it is reached:";
  const shardAdvice = "keep fewer days, fewer shards or replicas, or add nodes";

  test("disk: more than a node may have is impossible, with the numbers", () => {
    // (3650 + 1) x 20 GiB = 73020 GiB / 0.85 = 85905.9, above the 65536 GiB maximum;
    // shards: (3 index types x 3651 days + 3 write indices) x 1 shard = 10956 per node.
    expect(refusals("local", { TRACE_RETENTION_DAYS: "3650", ES_DAILY_VOLUME_GIB: "20" })).toEqual([
      `${diskInputs} must be impossible: (3650 days + 1) x 20 GiB/day x (1 + 0 replicas) / 1 (nodes - 1, at least 1) / 0.85 (the disk watermark) is 85906 GiB per node, ` +
        "above the 65536 GiB a node may have; keep fewer days or less data, or add nodes, got 10",
      `TRACE_RETENTION_DAYS (retentionDays; or change ES_DAILY_VOLUME_GIB, ES_INDEX_SHARDS, ES_INDEX_REPLICAS, ES_NODE_COUNT) ${shardLimit} ` +
        `((1 span + 2 other indices a day) x (3650 days + 1) + 3 write indices) x 1 shards x (1 + 0 replicas) / 1 nodes = 10956 shards per node, above 900; ${shardAdvice}, got 3650`,
    ]);
  });

  test("disk: exactly the most a node may have is a range of one value, not impossible", () => {
    // (7 + 1) x 6963.125 GiB = 55705 GiB / 0.85 = 65535.3, rounded up to the 65536 maximum;
    // the span index rolls over ceil(6963.125 / 50 GiB) = 140 times a day: (142 x 8 + 3) x 1 = 1139 shards.
    expect(refusals("local", { ES_DAILY_VOLUME_GIB: "6963.125" })).toEqual([
      `${diskInputs} must be between 65536 and 65536 GiB per node: (7 days + 1) x 6963.125 GiB/day x (1 + 0 replicas) / 1 (nodes - 1, at least 1) / 0.85 (the disk watermark), got 10`,
      `TRACE_RETENTION_DAYS (retentionDays, default; or change ES_DAILY_VOLUME_GIB, ES_INDEX_SHARDS, ES_INDEX_REPLICAS, ES_NODE_COUNT) ${shardLimit} ` +
        `((140 span + 2 other indices a day) x (7 days + 1) + 3 write indices) x 1 shards x (1 + 0 replicas) / 1 nodes = 1139 shards per node, above 900; ${shardAdvice}, got 7`,
    ]);
  });

  test("shards: 900 per node (1000 less 100 for Elasticsearch's own) are accepted, 912 refused", () => {
    // (3 index types x (73 + 1) days + 3 write indices) x 4 shards = 225 x 4 = 900; the disk: 74 GiB / 0.85 = 87.1 -> 88.
    expect(refusals("local", { TRACE_RETENTION_DAYS: "73", ES_INDEX_SHARDS: "4", ES_DISK_GIB: "88" })).toEqual([]);
    // (3 x 75 + 3) x 4 = 912; the disk: 75 GiB / 0.85 = 88.2 -> 89.
    expect(refusals("local", { TRACE_RETENTION_DAYS: "74", ES_INDEX_SHARDS: "4", ES_DISK_GIB: "89" })).toEqual([
      `TRACE_RETENTION_DAYS (retentionDays; or change ES_DAILY_VOLUME_GIB, ES_INDEX_SHARDS, ES_INDEX_REPLICAS, ES_NODE_COUNT) ${shardLimit} ` +
        `((1 span + 2 other indices a day) x (74 days + 1) + 3 write indices) x 4 shards x (1 + 0 replicas) / 1 nodes = 912 shards per node, above 900; ${shardAdvice}, got 74`,
    ]);
  });
});

describe("SDK batch span processor", () => {
  test("an export batch larger than the queue is refused, naming SDK_BSP_MAX_QUEUE_SIZE", () => {
    expect(refusals("local", { SDK_BSP_MAX_EXPORT_BATCH_SIZE: "4096" })).toEqual([
      "SDK_BSP_MAX_EXPORT_BATCH_SIZE (sdk.batchSpanProcessor.maxExportBatchSize; or change SDK_BSP_MAX_QUEUE_SIZE) must be a whole number between 1 and 2048, got 4096",
    ]);
    expect(refusals("local", { SDK_BSP_MAX_EXPORT_BATCH_SIZE: "2048" })).toEqual([]);
  });

  test("bounds that cross are called impossible, with both numbers", () => {
    expect(refusals("local", { SDK_BSP_MAX_QUEUE_SIZE: "0" })).toEqual([
      "SDK_BSP_MAX_EXPORT_BATCH_SIZE (sdk.batchSpanProcessor.maxExportBatchSize, default; or change SDK_BSP_MAX_QUEUE_SIZE) must be impossible with the other settings named: at least 1 but at most 0, got 512",
      "SDK_BSP_MAX_QUEUE_SIZE (sdk.batchSpanProcessor.maxQueueSize) must be a whole number between 1 and 1000000, got 0",
    ]);
  });

  test("a fractional batch size is refused by the batch rule", () => {
    const batchSpanProcessor = { ...local.sdk.batchSpanProcessor, maxExportBatchSize: 512.5 };
    expect(validateSettings({ ...local, sdk: { ...local.sdk, batchSpanProcessor } })).toEqual([
      { field: "sdk.batchSpanProcessor.maxExportBatchSize", value: 512.5, allowed: "a whole number between 1 and 2048", alsoFields: ["sdk.batchSpanProcessor.maxQueueSize"] },
    ]);
  });
});

describe("the collectors' storage queue (sdk sampling mode)", () => {
  // Each collector queues its share of the rate for 300 s x 2 (headroom) = 600 s, at 2 KiB a
  // span, in a quarter of its memory (512 MiB: 128 MiB).
  test("local: 110 spans/s x 600 s = 66000 spans = 129 MiB, over 128; 516 MiB would hold it", () => {
    // 66000 x 2 KiB = 132000 KiB = 128.9 MiB; x 4 = 515.6 -> 516 MiB.
    expect(refusals("local", { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "110" })).toEqual([
      "TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND (collector.designSpansPerSecond; or change TRACING_COLLECTOR_MEMORY_LIMIT_MIB) must be a rate whose storage queue fits " +
        "a quarter of the collector's memory (the queue would hold 129 MiB, the budget is 128 MiB); raise the collector memory limit to at least 516 MiB (at most 65536), got 110",
    ]);
  });

  test("prod: 300 spans/s over 2 collectors = 150 x 600 s = 90000 spans = 176 MiB; or 3 collectors", () => {
    // 180000 KiB = 175.8 MiB; x 4 = 703.1 -> 704 MiB; 128 MiB holds 65536 spans = 109.2 spans/s
    // for 600 s, so 300 spans/s need 2.7 -> 3 collectors.
    expect(refusals("prod", { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "300" })).toEqual([
      "TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND (collector.designSpansPerSecond; or change TRACING_COLLECTOR_MEMORY_LIMIT_MIB, TRACING_COLLECTOR_REPLICAS) must be a rate whose storage queue fits " +
        "a quarter of the collector's memory (the queue would hold 176 MiB, the budget is 128 MiB); raise the collector memory limit to at least 704 MiB (at most 65536) " +
        "or the collector replicas to at least 3 (at most 50), got 300",
    ]);
  });

  test("a queue of exactly the quarter fits: 128 spans/s x 600 s = 76800 spans = 150 MiB of 600 MiB", () => {
    expect(refusals("local", { TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "128", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "600" })).toEqual([]);
  });

  test.each(["sdk", "collector"])("%s mode: no queue is sized from a memory limit the schema refuses", (mode) => {
    expect(refusals("local", { TRACE_SAMPLING_MODE: mode, TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "64" })).toEqual([
      "TRACING_COLLECTOR_MEMORY_LIMIT_MIB (collector.memoryLimitMiB) must be a whole number between 128 and 65536, got 64",
    ]);
  });
});

describe("the collectors' tail-sampling buffer and storage queue (collector sampling mode)", () => {
  // A collector buffers its share of the traces (10 spans each) for the longest trace (10 s)
  // + the SDK's batch delay (5 s) + 2 s, twice over: 17 s x 2 = 34 s.
  const bufferInputs = "TRACE_SAMPLING_LONGEST_TRACE_SECONDS, SDK_BSP_SCHEDULE_DELAY_MS, TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND, TRACING_COLLECTOR_MEMORY_LIMIT_MIB";

  test("local: the queue alone (129 MiB) is too much; reported once, by the rule that weighs both", () => {
    // 50 spans/s = 5 traces/s x 34 s = 170 traces x 10 spans x 2 KiB = 3400 KiB = 3.3 MiB;
    // the queue as in sdk mode: 132000 KiB; (3400 + 132000) KiB x 4 = 528.9 -> 529 MiB.
    expect(refusals("local", { ...collectorMode, TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "110" })).toEqual([
      `TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND (sampling.designSpansPerSecond, default; or change ${bufferInputs}) must be a rate whose tail-sampling buffer (3 MiB) and storage queue (129 MiB) ` +
        "fit a quarter of the collector's memory (128 MiB); raise the collector memory limit to at least 529 MiB (at most 65536), or shorten the longest trace, got 50",
    ]);
  });

  test("prod: 2000 spans/s over 2 collectors; more replicas are a way out, and their variable is named", () => {
    // 1000 spans/s = 100 traces/s x 34 s = 3400 traces = 68000 KiB = 66.4 MiB; the queue of
    // 300 spans/s: 180000 KiB = 175.8 MiB; (68000 + 180000) KiB x 4 = 968.75 -> 969 MiB.
    expect(refusals("prod", { ...collectorMode, TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "300" })).toEqual([
      `TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND (sampling.designSpansPerSecond, default; or change ${bufferInputs}, TRACING_COLLECTOR_REPLICAS) must be a rate whose tail-sampling buffer (66 MiB) ` +
        "and storage queue (176 MiB) fit a quarter of the collector's memory (128 MiB); raise the collector memory limit to at least 969 MiB (at most 65536) or add collector replicas, " +
        "or shorten the longest trace, got 2000",
    ]);
  });

  test("a buffer and queue of exactly the quarter fit: 40 spans/s into 245 MiB, 41 no longer", () => {
    // 4 traces/s x 34 s = 136 traces = 1360 spans, + 50 spans/s x 600 s = 30000 spans: 31360 x 2 KiB = 61.25 MiB = 245 / 4.
    expect(refusals("local", { ...collectorMode, TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "40", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "245" })).toEqual([]);
    // 4.1 x 34 = 139.4 -> 140 traces = 2800 KiB; + 60000 KiB: 62800 KiB x 4 = 245.3 -> 246 MiB.
    expect(refusals("local", { ...collectorMode, TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "41", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "245" })).toEqual([
      `TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND (sampling.designSpansPerSecond; or change ${bufferInputs}) must be a rate whose tail-sampling buffer (3 MiB) and storage queue (59 MiB) ` +
        "fit a quarter of the collector's memory (61 MiB); raise the collector memory limit to at least 246 MiB (at most 65536), or shorten the longest trace, got 41",
    ]);
  });

  test("prod: no buffer is sized for a collector count the schema refuses", () => {
    expect(refusals("prod", { ...collectorMode, TRACING_COLLECTOR_REPLICAS: "1" })).toEqual([
      "TRACING_COLLECTOR_REPLICAS (kubernetes.collectorReplicas) must be a whole number between 2 and 50, got 1",
    ]);
  });
});

describe("what the collectors store (collector sampling mode)", () => {
  test("prod: at least 2000 spans/s x 1 x 0.01 = 20 spans/s, naming the rates it is made of", () => {
    expect(refusals("prod", { ...collectorMode, TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "10" })).toEqual([
      "TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND (collector.designSpansPerSecond; or change TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND, TRACE_SAMPLING_RATE, TRACE_SAMPLING_HEAD_RATE) " +
        "must be at least what the base rule alone keeps: 2000 spans/s x 1 (head) x 0.01 (base) = 20 spans/s, plus the errors, slow and critical operations kept, got 10",
    ]);
    expect(refusals("prod", { ...collectorMode, TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "20" })).toEqual([]);
  });

  test("is not judged from a sampling rate the schema refuses", () => {
    expect(refusals("local", { ...collectorMode, TRACE_SAMPLING_RATE: "2" })).toEqual(["TRACE_SAMPLING_RATE (sampling.baseRate) must be a number between 0 and 1, got 2"]);
  });
});

describe("the clients' endpoint in collector sampling mode", () => {
  test("prod: clients sent to the collectors are refused, naming TRACE_SAMPLING_MODE; locally the collector takes them", () => {
    const env = { ...collectorMode, OTLP_ENDPOINT: "jaeger-collector:4317" };
    expect(refusals("prod", env)).toEqual([
      'OTLP_ENDPOINT (otlpEndpoint; or change TRACE_SAMPLING_MODE) must be the gateway (https://otel-gateway.tracing.svc:4317, the default) in collector sampling mode: ' +
        'the collectors take OTLP from the gateway only, got "jaeger-collector:4317"',
    ]);
    expect(refusals("local", env)).toEqual([]);
  });
});

describe("the gateway's export queue (prod, collector sampling mode)", () => {
  // A gateway queues its share of the rate for 60 s x 2 (headroom) = 120 s, at 2 KiB a span.
  test("2000 spans/s over 2 gateways = 120000 spans = 234 MiB, over 128 / 4; 938 MiB or 15 gateways", () => {
    // 240000 KiB = 234.4 MiB; x 4 = 937.5 -> 938; 32 MiB holds 16384 spans = 136.5 spans/s for 120 s: 2000 / 136.5 = 14.6 -> 15.
    expect(refusals("prod", { ...collectorMode, TRACING_GATEWAY_MEMORY_LIMIT_MIB: "128" })).toEqual([
      "TRACING_GATEWAY_MEMORY_LIMIT_MIB (gateway.memoryLimitMiB; or change TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND, TRACING_GATEWAY_REPLICAS) must be a limit whose quarter holds " +
        "the gateway's export queue (234 MiB at 2000 spans/s); at least 938 MiB (at most 65536), or at least 15 gateways, got 128",
    ]);
  });

  test("a queue of exactly the quarter fits: 320 spans/s / 2 x 120 s = 19200 spans = 37.5 MiB = 150 / 4; 321 no longer", () => {
    expect(refusals("prod", { ...collectorMode, TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "320", TRACING_GATEWAY_MEMORY_LIMIT_MIB: "150" })).toEqual([]);
    // 19260 spans = 38520 KiB = 37.6 MiB; x 4 = 150.5 -> 151; 160 spans/s a gateway: 321 / 160 -> 3.
    expect(refusals("prod", { ...collectorMode, TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "321", TRACING_GATEWAY_MEMORY_LIMIT_MIB: "150" })).toEqual([
      "TRACING_GATEWAY_MEMORY_LIMIT_MIB (gateway.memoryLimitMiB; or change TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND, TRACING_GATEWAY_REPLICAS) must be a limit whose quarter holds " +
        "the gateway's export queue (38 MiB at 321 spans/s); at least 151 MiB (at most 65536), or at least 3 gateways, got 150",
    ]);
  });

  test("only a prod stack in collector mode has a gateway to size", () => {
    expect(refusals("prod", { TRACING_GATEWAY_MEMORY_LIMIT_MIB: "128" })).toEqual([]);
    // Locally 2200 spans/s would overflow a gateway of 1024 MiB (1100 x 120 s = 258 MiB > 256), but there is none.
    const busyLocal = { ...collectorMode, TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "2200", TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "2200", TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "16384" };
    expect(refusals("local", busyLocal)).toEqual([]);
  });

  test("is not sized from a memory limit the schema refuses", () => {
    expect(refusals("prod", { ...collectorMode, TRACING_GATEWAY_MEMORY_LIMIT_MIB: "64" })).toEqual([
      "TRACING_GATEWAY_MEMORY_LIMIT_MIB (gateway.memoryLimitMiB) must be a whole number between 128 and 65536, got 64",
    ]);
  });
});

describe("certificate lifetimes", () => {
  test("leaf renewal inside the 14-day warning window is refused with the alert's reason; 15 days is accepted", () => {
    expect(refusals("local", { TRACING_CERT_RENEW_DAYS: "14" })).toEqual([
      "TRACING_CERT_RENEW_DAYS (certificates.leafRenewBeforeDays) must be at least 15 days, so that renewal comes before TracingCertificateExpiresSoon warns (14 days before expiry), got 14",
    ]);
    expect(refusals("local", { TRACING_CERT_RENEW_DAYS: "15" })).toEqual([]);
  });

  test("leaf renewal: at most a third of the leaf lifetime (90 days: 30), naming TRACING_CERT_VALIDITY_DAYS", () => {
    expect(refusals("local", { TRACING_CERT_RENEW_DAYS: "31" })).toEqual([
      "TRACING_CERT_RENEW_DAYS (certificates.leafRenewBeforeDays; or change TRACING_CERT_VALIDITY_DAYS) must be a whole number between 15 and 30, got 31",
    ]);
  });

  test("leaf renewal: 45-day leaves allow 15 days only; 30-day leaves allow none", () => {
    expect(refusals("local", { TRACING_CERT_VALIDITY_DAYS: "45" })).toEqual([
      "TRACING_CERT_RENEW_DAYS (certificates.leafRenewBeforeDays, default; or change TRACING_CERT_VALIDITY_DAYS) must be a whole number between 15 and 15, got 30",
    ]);
    expect(refusals("local", { TRACING_CERT_VALIDITY_DAYS: "45", TRACING_CERT_RENEW_DAYS: "15" })).toEqual([]);
    expect(refusals("local", { TRACING_CERT_VALIDITY_DAYS: "30" })).toEqual([
      "TRACING_CERT_RENEW_DAYS (certificates.leafRenewBeforeDays, default; or change TRACING_CERT_VALIDITY_DAYS) must be impossible with the other settings named: at least 15 but at most 10, got 30",
    ]);
  });

  test("the CA outlives two leaf lifetimes (180 days), and is renewed between one leaf lifetime and half its own", () => {
    expect(refusals("local", { TRACING_CA_VALIDITY_DAYS: "179" })).toEqual([
      "TRACING_CA_VALIDITY_DAYS (certificates.caValidityDays; or change TRACING_CERT_VALIDITY_DAYS) must be a whole number between 180 and 3650, got 179",
      "TRACING_CA_WARN_DAYS (certificates.caRenewBeforeDays, default; or change TRACING_CERT_VALIDITY_DAYS, TRACING_CA_VALIDITY_DAYS) must be impossible with the other settings named: at least 90 but at most 89.5, got 365",
    ]);
    // Half of the 1095-day CA: 547.5.
    expect(refusals("local", { TRACING_CA_WARN_DAYS: "548" })).toEqual([
      "TRACING_CA_WARN_DAYS (certificates.caRenewBeforeDays; or change TRACING_CERT_VALIDITY_DAYS, TRACING_CA_VALIDITY_DAYS) must be a whole number between 90 and 547.5, got 548",
    ]);
    expect(refusals("local", { TRACING_CA_WARN_DAYS: "547" })).toEqual([]);
  });

  test.each<[string, Partial<TracingSettings["certificates"]>, string, string]>([
    ["leaf renewal", { leafRenewBeforeDays: 20.5 }, "certificates.leafRenewBeforeDays", "a whole number between 15 and 30"],
    ["CA lifetime", { caValidityDays: 800.5 }, "certificates.caValidityDays", "a whole number between 180 and 3650"],
    ["CA renewal", { caRenewBeforeDays: 100.5 }, "certificates.caRenewBeforeDays", "a whole number between 90 and 547.5"],
  ])("a fractional %s is refused by its rule, naming the lifetimes it depends on", (_what, change, field, allowed) => {
    const problems = validateSettings({ ...local, certificates: { ...local.certificates, ...change } });
    expect(problems.map(({ field, allowed }) => ({ field, allowed }))).toEqual([{ field, allowed }]);
    expect(problems[0].alsoFields).toEqual(
      field === "certificates.caRenewBeforeDays" ? ["certificates.leafValidityDays", "certificates.caValidityDays"] : ["certificates.leafValidityDays"],
    );
  });

  test("the signing CA must be trusted: the message lists the trusted slots", () => {
    expect(refusals("local", { TRACING_CA_TRUSTED: "blue,blue", TRACING_CA_SIGNING: "green" })).toEqual([
      'TRACING_CA_TRUSTED (certificates.trustedAuthorities) must be blue, green or both, each once, got ["blue","blue"]',
      'TRACING_CA_SIGNING (certificates.signingAuthority; or change TRACING_CA_TRUSTED) must be a trusted CA slot (blue, blue): trust a new CA everywhere before it signs, got "green"',
    ]);
  });

  test("an issuer is cert-manager's, and needs the CAs it signs with", () => {
    expect(refusals("prod", { TRACING_CERT_ISSUER: "ClusterIssuer/vault" })).toEqual([
      'TRACING_CERT_ISSUER (certificates.issuer; or change TRACING_CERTIFICATES) must be empty unless TRACING_CERTIFICATES=cert-manager: an issuer is cert-manager\'s, got "ClusterIssuer/vault"',
      "TRACING_CERT_ISSUER_CA_FILE (certificates.issuerCaFile, default; or change TRACING_CERT_ISSUER) must be a PEM file of the CAs that issuer signs with whenever TRACING_CERT_ISSUER names one: " +
        'the stack cannot learn them, and every client must trust them, got ""',
    ]);
  });
});

describe("the alert selector", () => {
  test("local: every matcher that is no label=value is listed", () => {
    expect(refusals("local", { TRACING_ALERT_SELECTOR: 'job=~"a.*",instance="x"' })).toEqual([
      "TRACING_ALERT_SELECTOR (alerts.selector) must be `label=\"value\"` matchers only, not on instance, in the local stack: its Prometheus gives its targets exactly those labels " +
        '(job=~, instance= cannot be given), got "job=~\\"a.*\\",instance=\\"x\\""',
    ]);
  });

  test("local: a negated job is refused as a matcher Prometheus cannot give, not also as a job name", () => {
    expect(refusals("local", { TRACING_ALERT_SELECTOR: 'job!="prometheus"' })).toEqual([
      "TRACING_ALERT_SELECTOR (alerts.selector) must be `label=\"value\"` matchers only, not on instance, in the local stack: its Prometheus gives its targets exactly those labels " +
        '(job!= cannot be given), got "job!=\\"prometheus\\""',
    ]);
  });

  test("prod: the selector names the cluster's own Prometheus jobs, `prometheus` included", () => {
    expect(refusals("prod", { TRACING_ALERT_SELECTOR: 'job="prometheus"' })).toEqual([]);
  });

  test("labels the rules match themselves are listed, as are the ones the selector names", () => {
    expect(refusals("local", { TRACING_ALERT_SELECTOR: 'exporter="x",le="1"' })).toEqual([
      "TRACING_ALERT_SELECTOR (alerts.selector) must be matchers on labels other than exporter, span_kind, color, le, service_name, span_name, success, genesis_sampling_reason, " +
        'which the rules match themselves (exporter, le would mute them), got "exporter=\\"x\\",le=\\"1\\""',
    ]);
  });
});

describe("critical operations", () => {
  const patterns = "comma-separated span-name patterns of 1-128 letters, digits and _ . - / : with * for any characters, such as genesis.order.*";

  test("the first bad pattern is shown, not the whole list", () => {
    expect(validateSettings({ ...local, sampling: { ...local.sampling, criticalOperations: ["genesis.order.*", "a\\b", "c d"] } })).toEqual([
      { field: "sampling.criticalOperations", value: "a\\b", allowed: patterns },
    ]);
  });

  test("an empty list is refused", () => {
    expect(validateSettings({ ...local, sampling: { ...local.sampling, criticalOperations: [] } })).toEqual([{ field: "sampling.criticalOperations", value: "", allowed: patterns }]);
  });

  test("a critical attribute whose key carries more than the allowed characters is refused whole", () => {
    expect(refusals("local", { TRACE_SAMPLING_CRITICAL_ATTRIBUTE: '" or true or x=v' })).toEqual([
      'TRACE_SAMPLING_CRITICAL_ATTRIBUTE (sampling.criticalAttribute) must be empty, or key=value with a key of 1-64 letters, digits, _ . - and a value of 1-64 of those or :, got "\\" or true or x=v"',
    ]);
  });
});

describe("Kubernetes names and namespaces", () => {
  const dnsLabel = "must be a DNS label: 1-63 lower-case letters, digits and inner dashes";

  test.each([
    ["TRACING_NAMESPACE", "kubernetes.namespace"],
    ["TRACING_MONITORING_NAMESPACE", "kubernetes.monitoringNamespace"],
    ["TRACING_ECK_NAMESPACE", "kubernetes.eckOperatorNamespace"],
    ["TRACING_UI_CONTROLLER_NAMESPACE", "kubernetes.ingress.controllerNamespace"],
  ])("%s must be a DNS label", (variable, field) => {
    expect(refusals("prod", { [variable]: "Upper" })).toEqual([`${variable} (${field}) ${dnsLabel}, got "Upper"`]);
  });

  test("the Elasticsearch name: 30 characters at most, for the names ECK derives from it", () => {
    expect(refusals("prod", { TRACING_ES_CLUSTER_NAME: "a".repeat(30) })).toEqual([]);
    expect(refusals("prod", { TRACING_ES_CLUSTER_NAME: "a".repeat(31) })).toEqual([
      `TRACING_ES_CLUSTER_NAME (kubernetes.elasticsearchName) must be a DNS label: 1-30 lower-case letters, digits and inner dashes, got "${"a".repeat(31)}"`,
    ]);
  });

  test("each role has a namespace of its own, not the cluster's nor another role's", () => {
    expect(refusals("prod", { TRACING_NAMESPACE: "kube-system" })).toEqual([
      'TRACING_NAMESPACE (kubernetes.namespace) must be a namespace of its own for the tracing namespace, not kube-system (the control plane\'s namespace), got "kube-system"',
      'TRACING_DNS_NAMESPACE (kubernetes.dns.namespace, default; or change TRACING_NAMESPACE) must be the namespace of the cluster DNS pods, not the tracing namespace, got "kube-system"',
    ]);
    expect(refusals("prod", { TRACING_MONITORING_NAMESPACE: "default" })).toEqual([
      'TRACING_MONITORING_NAMESPACE (kubernetes.monitoringNamespace) must be a namespace of its own for the monitoring namespace, not default (where every object without a namespace lands), got "default"',
    ]);
    expect(refusals("prod", { TRACING_ECK_NAMESPACE: "tracing" })).toEqual([
      'TRACING_ECK_NAMESPACE (kubernetes.eckOperatorNamespace; or change TRACING_NAMESPACE) must be a namespace of its own for the ECK operator\'s namespace, not the tracing namespace, got "tracing"',
    ]);
  });

  test("client namespaces may not hold ours, and name the variables of ours", () => {
    expect(refusals("prod", { TRACING_CLIENT_NAMESPACES: "apps,tracing" })).toEqual([
      "TRACING_CLIENT_NAMESPACES (kubernetes.clientNamespaces; or change TRACING_NAMESPACE, TRACING_ECK_NAMESPACE, TRACING_MONITORING_NAMESPACE) " +
        'must be a comma-separated list of distinct namespaces, each a DNS label; here tracing is not allowed: the tracing namespace, got "apps,tracing"',
    ]);
  });

  test("an in-cluster kubeconfig takes no context", () => {
    expect(refusals("prod", { TRACING_KUBECONFIG: "in-cluster" })).toEqual([]);
    expect(refusals("prod", { TRACING_KUBECONFIG: "in-cluster", TRACING_KUBE_CONTEXT: "kind" })).toEqual([
      'TRACING_KUBE_CONTEXT (kubernetes.context; or change TRACING_KUBECONFIG) must be empty with an in-cluster kubeconfig (the pod\'s own cluster is the only one it reaches), got "kind"',
    ]);
  });

  test("the ingress controller runs outside the tracing namespace", () => {
    expect(refusals("prod", { TRACING_UI_CONTROLLER_NAMESPACE: "tracing" })).toEqual([
      "TRACING_UI_CONTROLLER_NAMESPACE (kubernetes.ingress.controllerNamespace; or change TRACING_NAMESPACE) must be the namespace the ingress controller runs in, " +
        'not the tracing namespace (k3s\' Traefik: kube-system), got "tracing"',
    ]);
  });
});

describe("autoscaling bounds", () => {
  test.each([
    ["TRACING_COLLECTOR_MAX_REPLICAS", "kubernetes.collectorMaxReplicas", "TRACING_COLLECTOR_REPLICAS"],
    ["TRACING_GATEWAY_MAX_REPLICAS", "kubernetes.gatewayMaxReplicas", "TRACING_GATEWAY_REPLICAS"],
  ])("%s: at least the replicas, at most 100", (maxVariable, field, minVariable) => {
    expect(refusals("prod", { [minVariable]: "4", [maxVariable]: "3" })).toEqual([`${maxVariable} (${field}; or change ${minVariable}) must be a whole number between 4 and 100, got 3`]);
    expect(refusals("prod", { [minVariable]: "4", [maxVariable]: "4" })).toEqual([]);
  });

  test.each<[keyof TracingSettings["kubernetes"], string]>([
    ["collectorMaxReplicas", "kubernetes.collectorReplicas"],
    ["gatewayMaxReplicas", "kubernetes.gatewayReplicas"],
  ])("a fractional %s is refused by its rule", (key, replicas) => {
    expect(validateSettings({ ...prod, kubernetes: { ...prod.kubernetes, [key]: 6.5 } })).toEqual([
      { field: `kubernetes.${key}`, value: 6.5, allowed: "a whole number between 2 and 100", alsoFields: [replicas] },
    ]);
  });
});

describe("the Monitor tab's Prometheus", () => {
  test("a CA Secret needs a URL to send it to", () => {
    expect(refusals("prod", { TRACING_PROMETHEUS_CA_SECRET: "ca" })).toEqual([
      'TRACING_PROMETHEUS_CA_SECRET (kubernetes.prometheus.caSecret; or change TRACING_PROMETHEUS_URL) must be empty while TRACING_PROMETHEUS_URL is (there is no Prometheus to send it to), got "ca"',
    ]);
  });

  test("a Prometheus in the tracing namespace is refused, naming TRACING_NAMESPACE", () => {
    expect(refusals("prod", { TRACING_PROMETHEUS_URL: "https://prometheus.tracing.svc:9090" })).toEqual([
      'TRACING_PROMETHEUS_URL (kubernetes.prometheus.url; or change TRACING_NAMESPACE) must be a Prometheus outside the tracing namespace, got "https://prometheus.tracing.svc:9090"',
    ]);
  });

  test("a CA Secret needs https", () => {
    expect(refusals("prod", { TRACING_PROMETHEUS_URL: "http://prometheus.monitoring.svc:9090", TRACING_PROMETHEUS_CA_SECRET: "ca" })).toEqual([
      'TRACING_PROMETHEUS_CA_SECRET (kubernetes.prometheus.caSecret; or change TRACING_PROMETHEUS_URL) must be empty unless TRACING_PROMETHEUS_URL is https://, got "ca"',
    ]);
  });

  test("one credential per request", () => {
    const env = { TRACING_PROMETHEUS_URL: "https://prometheus.monitoring.svc:9090", TRACING_PROMETHEUS_TOKEN_SECRET: "token", TRACING_PROMETHEUS_BASIC_AUTH_SECRET: "password" };
    expect(refusals("prod", env)).toEqual([
      'TRACING_PROMETHEUS_BASIC_AUTH_SECRET (kubernetes.prometheus.basicAuthSecret; or change TRACING_PROMETHEUS_TOKEN_SECRET) must be empty while TRACING_PROMETHEUS_TOKEN_SECRET is set (one credential per request), got "password"',
    ]);
  });
});

describe("the schema's plain bounds", () => {
  test("a number out of its schema bounds names no other setting", () => {
    expect(validateSettings({ ...local, elasticsearch: { ...local.elasticsearch, nodeCount: 0 } })).toEqual([
      { field: "elasticsearch.nodeCount", value: 0, allowed: "a whole number between 1 and 99", alsoFields: [] },
    ]);
  });

  test("a rule asking for the bounds of a setting that has none is a programming error, named", () => {
    expect(schemaRange("elasticsearch.heapMiB")).toEqual({ min: 2048, max: 31744, whole: true });
    expect(() => schemaRange("otlpEndpoint")).toThrow(new Error("the schema gives otlpEndpoint no bounds"));
    expect(() => schemaRange("no.such.field")).toThrow(new Error("the schema gives no.such.field no bounds"));
  });
});
