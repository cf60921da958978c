/**
 * The guide's "never include passwords, API keys or PII": the collector of both stacks
 * deletes deny-listed span attributes before anything is queued for storage.
 */
import { parse } from "yaml";
import { resolveSettings } from "../../tracing/settings";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const stacks = stackDocuments(defaultSynth());
const collectorConfigs: [string, any][] = [
  [
    "local",
    parse(
      Object.values<any>(stacks.local.resource.docker_container)
        .find((c) => c.name === "genesis-tracing-collector")
        .upload.find((u: any) => u.file === "/etc/jaeger/config/config.yaml").content,
    ),
  ],
  ["prod", parse(Object.values<any>(stacks.prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === "jaeger-collector-config").data["config.yaml"])],
];
const DENY_LIST = ["api_key", "apikey", "secret", "password", "passwd", "token", "authorization", "user_id", "credit_card"];

describe.each(collectorConfigs)("%s collector", (_stack, config) => {
  const pipeline = config.service.pipelines.traces;

  test("runs an attributes processor in the traces pipeline, before batching and export", () => {
    const redact = pipeline.processors.indexOf("attributes/redact");
    expect(redact).toBeGreaterThanOrEqual(0);
    expect(redact).toBeLessThan(pipeline.processors.indexOf("batch"));
    expect(pipeline.exporters).toEqual(["jaeger_storage_exporter", "spanmetrics"]);
    // Only the memory limiter (which refuses load, it reads nothing) may come first.
    expect(pipeline.processors.slice(0, redact)).toEqual(["memory_limiter"]);
  });

  test("deletes every deny-listed key, in any case and under any namespace", () => {
    const actions = config.processors["attributes/redact"].actions;
    expect(actions.map((a: any) => a.action)).toEqual(["delete"]);
    // Go's (?i) flag is JavaScript's `i`; the rest of the pattern is common RE2/JS syntax.
    const pattern = new RegExp(actions[0].pattern.replace(/^\(\?i\)/, ""), "i");
    for (const key of DENY_LIST) {
      for (const variant of [key, key.toUpperCase(), `http.request.header.${key}`, `db.${key}.value`]) expect(variant).toMatch(pattern);
    }
  });

  test("keeps ordinary attributes", () => {
    const pattern = new RegExp(config.processors["attributes/redact"].actions[0].pattern.replace(/^\(\?i\)/, ""), "i");
    for (const key of ["service.name", "http.method", "order.id", "db.statement", "exchange.venue"]) expect(key).not.toMatch(pattern);
  });
});

test("the deny-list is the settings' (defaults of both stacks)", () => {
  expect(resolveSettings("local").redactedAttributeKeys).toEqual(DENY_LIST);
  expect(resolveSettings("prod").redactedAttributeKeys).toEqual(DENY_LIST);
});
