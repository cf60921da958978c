import { evaluate } from "../../tools/network-policy-evaluator";
import { reachabilityMatrix, renderMatrix } from "../../tools/reachability-matrix";
import { prodClusterModel } from "../../tools/prod-cluster-model";
import { stackDocuments } from "../../tools/synth-documents";
import { resolveSettings } from "../../tracing/checked-settings";
import { collectorModeSynth, COLLECTOR_MODE, defaultSynth } from "../default-synth";

const settings = resolveSettings("prod");
const model = prodClusterModel(stackDocuments(defaultSynth()).prod, settings);
const matrix = reachabilityMatrix(model, settings);
const row = (label: string) => matrix.rows.find((r) => r.destination.label === label)?.governed;

test("each destination port lists exactly the roles our policies let reach it", () => {
  expect(row("elasticsearch:9200")).toEqual(["collector", "elasticsearchExporter", "query", "elasticsearchBootstrap", "eckOperator", "elasticsearch"]);
  expect(row("elasticsearch:9300")).toEqual(["elasticsearch"]);
  expect(row("collector:4317")).toEqual(["client:genesis"]);
  expect(row("strayInTracing:8080")).toEqual([]);
});

test("traffic between pods outside the tracing namespace is counted apart, not listed as ours", () => {
  // Another team's pod reaches the clients (no policy of ours applies there): allowed, counted, not listed.
  const outside = evaluate(model.cluster, { from: model.pods.unknown, to: model.pods["client:genesis"], port: 8080 });
  expect(outside.allowed).toBe(true);
  expect(row("client:genesis:8080")).toEqual([]);
  expect(matrix.ungoverned).toBeGreaterThanOrEqual(1);
  // The internet is a source too: nothing of ours lets it in.
  expect(matrix.rows.filter((r) => r.governed.includes("internet")).map((r) => r.destination.label)).toEqual([]);
});

test("a 63-character client namespace still fits 100 columns", () => {
  const long = "n".repeat(63);
  const wide = resolveSettings("prod", { TRACING_CLIENT_NAMESPACES: long });
  const wideModel = prodClusterModel(stackDocuments(defaultSynth()).prod, wide);
  const text = renderMatrix(reachabilityMatrix(wideModel, wide), wideModel, "tracing", "text");
  expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  expect(text).toContain(`  client:${long}:8080\n`);
});

test("the text fits 100 columns, grouped by destination, in words", () => {
  const text = renderMatrix(matrix, model, "tracing", "text");
  expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  expect(text).toMatch(/^elasticsearch \(tracing\)\n  elasticsearch:9200 +collector, elasticsearchExporter, query, elasticsearchBootstrap,\n +eckOperator, elasticsearch$/m);
  expect(text).toMatch(/^  collector:4317 +services in genesis$/m);
  expect(text).toMatch(/^  strayInTracing:8080 +nobody$/m);
  expect(text).toMatch(/^  client:genesis:8080 +no tracing pod$/m);
});

test("--markdown: one table row per destination", () => {
  const markdown = renderMatrix(matrix, model, "tracing", "markdown");
  expect(markdown.split("\n").slice(0, 3)).toEqual(["| destination | may be reached from |", "|---|---|", "| `collector:4317` | services in genesis |"]);
});

test("in collector mode the collectors' OTLP is the gateway's alone", () => {
  const sampled = prodClusterModel(stackDocuments(collectorModeSynth()).prod, resolveSettings("prod", COLLECTOR_MODE));
  const rows = reachabilityMatrix(sampled, resolveSettings("prod", COLLECTOR_MODE)).rows;
  expect(rows.find((r) => r.destination.label === "collector:4317")?.governed).toEqual(["gateway"]);
  expect(rows.find((r) => r.destination.label === "gateway:4317")?.governed).toEqual(["client:genesis"]);
});
