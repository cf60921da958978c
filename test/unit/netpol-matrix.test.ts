import { reachabilityMatrix, renderMatrix } from "../../tools/netpol-matrix";
import { prodClusterModel } from "../../tools/prod-cluster-model";
import { stackDocuments } from "../../tools/synth-documents";
import { resolveSettings } from "../../tracing/settings";
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
  expect(matrix.ungoverned).toBeGreaterThan(0);
  // Clients reach each other (no policy of ours applies there), and that is not in the rows.
  expect(row("client:genesis:8080")).toEqual([]);
  expect(matrix.allowed).toBe(matrix.ungoverned + matrix.rows.reduce((n, r) => n + r.governed.length, 0));
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
