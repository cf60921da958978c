/**
 * The guide's "never include passwords, API keys or PII": every pipeline that receives spans,
 * in every collector and gateway config of both stacks and both sampling modes, deletes
 * deny-listed span attributes before anything is held, queued or sent on. The configs are
 * found by walking the synthesized stacks (every string that is a collector config), and the
 * redaction processors by what they do, so a config or pipeline added later is checked too.
 */
import { parse } from "yaml";
import { stackDocuments, stringLeaves } from "../../tools/synth-documents";
import { resolveSettings } from "../../tracing/checked-settings";
import { collectorModeSynth, defaultSynth } from "../default-synth";

const DENY_LIST = ["api_key", "apikey", "secret", "password", "passwd", "token", "authorization", "user_id", "credit_card"];
const ORDINARY = ["service.name", "http.method", "order.id", "db.statement", "exchange.venue"];
/** Keys a deleting pattern must catch: each deny-listed word in any case and under any namespace. */
const sensitiveKeys = DENY_LIST.flatMap((key) => [key, key.toUpperCase(), `http.request.header.${key}`, `db.${key}.value`]);

type CollectorConfig = any;

/** Every collector config (a YAML string with `service.pipelines`) in a stack, by where it is placed. */
function collectorConfigs(doc: object): Record<string, CollectorConfig> {
  const found: Record<string, CollectorConfig> = {};
  for (const leaf of stringLeaves(doc)) {
    if (!leaf.value.includes("pipelines:")) continue;
    const config = parse(leaf.value);
    if (!config?.service?.pipelines) continue;
    const [, type, name, ...rest] = leaf.path;
    const resource = (doc as any).resource[type][name];
    // An upload is named by its file, a ConfigMap key by itself.
    const place = rest[0] === "upload" ? resource.upload[Number(rest[1])].file : rest.join(".");
    found[`${type}.${name.replace(/_[0-9A-F]{8}$/, "")} ${place}`] = config;
  }
  return found;
}

/** A leading `(?i)` (RE2) is JavaScript's `i` flag; the rest of the pattern is common RE2/JS syntax. */
const keyPattern = (pattern: string) => (pattern.startsWith("(?i)") ? new RegExp(pattern.slice(4), "i") : new RegExp(pattern));

/**
 * The processors that delete attributes from every span: `attributes` processors with a
 * `delete` action by `pattern`, and no `include`/`exclude`, which would leave some spans out
 * ("If neither `include` and `exclude` are set, all span/logs are processed":
 * opentelemetry-collector-contrib `processor/attributesprocessor`). What their patterns
 * catch is checked on its own below.
 */
function redactingProcessors(config: CollectorConfig): string[] {
  return Object.entries<any>(config.processors ?? {})
    .filter(([name, processor]) => name.split("/")[0] === "attributes" && processor.include === undefined && processor.exclude === undefined)
    .filter(([, processor]) => deletePatterns(processor).length > 0)
    .map(([name]) => name);
}

const deletePatterns = (processor: any): RegExp[] =>
  (processor.actions ?? []).filter((a: any) => a.action === "delete" && typeof a.pattern === "string").map((a: any) => keyPattern(a.pattern));

/** Processors that may see spans before redaction: the memory limiter refuses load, it reads nothing. */
const BEFORE_REDACTION = new Set(["memory_limiter"]);

/**
 * How each pipeline that may carry spans is kept clean: it redacts them itself, first; it is
 * fed only through connectors by pipelines that do; or it receives nothing (`nop`). Anything
 * else is a pipeline that hands sensitive attributes on.
 */
function spanPipelines(config: CollectorConfig): Record<string, string> {
  const pipelines: Record<string, any> = config.service.pipelines;
  const redacting = new Set(redactingProcessors(config));
  const connectors = new Set(Object.keys(config.connectors ?? {}));
  const verdicts: Record<string, string> = {};
  const verdict = (name: string, seen: string[] = []): string => {
    if (seen.includes(name)) return `UNREDACTED: fed in a loop through ${seen.join(", ")}`;
    const { receivers = [], processors = [] } = pipelines[name];
    const first = processors.findIndex((p: string) => redacting.has(p));
    const early = processors.slice(0, first).filter((p: string) => !BEFORE_REDACTION.has(p));
    // Redacting first cleans whatever comes in, from receivers and connectors alike.
    if (first !== -1 && early.length === 0) return `redacts with ${processors[first]}`;
    const external = receivers.filter((r: string) => !connectors.has(r) && r !== "nop");
    if (external.length > 0 && first === -1) return `UNREDACTED: receives from ${external.join(", ")} and no processor deletes the deny-listed keys`;
    if (external.length > 0) return `UNREDACTED: ${early.join(", ")} sees spans before ${processors[first]}`;
    const feeders = Object.keys(pipelines).filter((p) => (pipelines[p].exporters ?? []).some((e: string) => connectors.has(e) && receivers.includes(e)));
    if (feeders.length === 0) return "receives nothing";
    const unclean = feeders.map((p) => [p, verdict(p, [...seen, name])]).filter(([, v]) => v.startsWith("UNREDACTED"));
    if (unclean.length > 0) return `UNREDACTED: fed by ${unclean.map(([p, v]) => `${p} (${v})`).join(", ")}`;
    return `fed by ${feeders.join(", ")}, which redact`;
  };
  for (const name of Object.keys(pipelines).filter((p) => p === "traces" || p.startsWith("traces/"))) verdicts[name] = verdict(name);
  return verdicts;
}

const synths = { sdk: stackDocuments(defaultSynth()), collector: stackDocuments(collectorModeSynth()) };
const COLLECTOR_LOCAL = "docker_container.Collector_Container /etc/jaeger/config/config.yaml";
const QUERY_LOCAL = "docker_container.Query_Container /etc/jaeger/config/config.yaml";
const COLLECTOR_PROD = "kubernetes_config_map_v1.Collector_Config data.config.yaml";
const GATEWAY_PROD = "kubernetes_config_map_v1.Gateway_Config data.config.yaml";
const QUERY_PROD = "kubernetes_config_map_v1.Query_Config data.config.yaml";

/** Every span pipeline of every config, written out by hand: a new one shows up here. */
const EXPECTED: Record<"sdk" | "collector", Record<"local" | "prod", Record<string, Record<string, string>>>> = {
  sdk: {
    local: { [COLLECTOR_LOCAL]: { traces: "redacts with attributes/redact" }, [QUERY_LOCAL]: { traces: "receives nothing" } },
    prod: { [COLLECTOR_PROD]: { traces: "redacts with attributes/redact" }, [QUERY_PROD]: { traces: "receives nothing" } },
  },
  collector: {
    local: {
      [COLLECTOR_LOCAL]: { traces: "redacts with attributes/redact", "traces/sampled": "fed by traces, which redact" },
      [QUERY_LOCAL]: { traces: "receives nothing" },
    },
    prod: {
      // The collectors take OTLP from the gateway alone, and redact again: a second line of defence.
      [COLLECTOR_PROD]: { traces: "redacts with attributes/redact" },
      [GATEWAY_PROD]: { traces: "redacts with attributes/redact" },
      [QUERY_PROD]: { traces: "receives nothing" },
    },
  },
};

describe.each(["sdk", "collector"] as const)("%s sampling mode", (mode) => {
  describe.each(["local", "prod"] as const)("%s stack", (stack) => {
    const configs = collectorConfigs(synths[mode][stack]);

    test("every pipeline that receives spans deletes the deny-listed attributes before anything holds or sends them on", () => {
      const verdicts = Object.fromEntries(Object.entries(configs).map(([place, config]) => [place, spanPipelines(config)]));
      expect(verdicts).toEqual(EXPECTED[mode][stack]);
    });

    test("every redacting processor deletes each deny-listed key, in any case and under any namespace, and keeps ordinary ones", () => {
      const checked = Object.entries(configs).flatMap(([place, config]) =>
        redactingProcessors(config).map((name) => {
          const patterns = deletePatterns(config.processors[name]);
          return {
            processor: `${place} ${name}`,
            sensitiveKept: sensitiveKeys.filter((key) => !patterns.some((pattern) => pattern.test(key))),
            ordinaryDeleted: ORDINARY.filter((key) => patterns.some((pattern) => pattern.test(key))),
          };
        }),
      );
      const everyKeyRight = (processor: string) => ({ processor, sensitiveKept: [], ordinaryDeleted: [] });
      const redacting = Object.keys(EXPECTED[mode][stack]).filter((place) => Object.values(EXPECTED[mode][stack][place]).includes("redacts with attributes/redact"));
      expect(checked).toEqual(redacting.map((place) => everyKeyRight(`${place} attributes/redact`)));
    });
  });
});

test("a pipeline is caught when it sends spans on before redacting, or is fed by one that does not redact", () => {
  const redact = { actions: [{ action: "delete", pattern: "(?i)(api_key|apikey|secret|password|passwd|token|authorization|user_id|credit_card)" }] };
  const config = {
    processors: { memory_limiter: {}, "attributes/redact": redact, tail_sampling: {}, "attributes/partial": { ...redact, include: { services: ["orders"] } } },
    connectors: { forward: {}, "forward/raw": {} },
    service: {
      pipelines: {
        traces: { receivers: ["otlp"], processors: ["memory_limiter", "attributes/redact"], exporters: ["forward"] },
        "traces/clean": { receivers: ["forward"], exporters: ["jaeger_storage_exporter"] },
        "traces/late": { receivers: ["otlp"], processors: ["tail_sampling", "attributes/redact"], exporters: ["forward/raw"] },
        "traces/partial": { receivers: ["otlp"], processors: ["attributes/partial"], exporters: ["jaeger_storage_exporter"] },
        "traces/dirty": { receivers: ["forward/raw"], exporters: ["jaeger_storage_exporter"] },
      },
    },
  };
  expect(spanPipelines(config)).toEqual({
    traces: "redacts with attributes/redact",
    "traces/clean": "fed by traces, which redact",
    "traces/late": "UNREDACTED: tail_sampling sees spans before attributes/redact",
    "traces/partial": "UNREDACTED: receives from otlp and no processor deletes the deny-listed keys",
    "traces/dirty": "UNREDACTED: fed by traces/late (UNREDACTED: tail_sampling sees spans before attributes/redact)",
  });
});

test("the deny-list is the settings' (defaults of both stacks)", () => {
  expect(resolveSettings("local").redactedAttributeKeys).toEqual(DENY_LIST);
  expect(resolveSettings("prod").redactedAttributeKeys).toEqual(DENY_LIST);
});
