/**
 * Renovate keeps every pinned version current: its regex manager, applied here as Renovate
 * applies it (ECMAScript named groups over each matching file), finds each image and chart
 * version the stacks deploy.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CHARTS } from "../../stacks/helm-values";
import { resolveSettings } from "../../tracing/checked-settings";

const root = join(__dirname, "..", "..");
const config = JSON.parse(readFileSync(join(root, "renovate.json"), "utf8"));

function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".git", "cdktf.out", ".build"].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(path) : [relative(root, path)];
  });
}

/** What Renovate's custom managers extract from the project: `datasource depName currentValue`. */
function extracted(): string[] {
  const files = projectFiles(root);
  return config.customManagers.flatMap((manager: any) => {
    const patterns = manager.managerFilePatterns.map((p: string) => new RegExp(p.slice(1, -1)));
    return files
      .filter((file) => patterns.some((pattern: RegExp) => pattern.test(file)))
      .flatMap((file) => {
        const text = readFileSync(join(root, file), "utf8");
        return manager.matchStrings.flatMap((source: string) =>
          [...text.matchAll(new RegExp(source, "g"))].map(({ groups }) => `${groups!.datasource} ${groups!.depName} ${groups!.currentValue}`),
        );
      });
  });
}

test("Renovate's regex manager finds every pinned image and chart version, with its registry", () => {
  expect(extracted().sort()).toEqual([
    "docker docker.elastic.co/elasticsearch/elasticsearch 9.5.0",
    "docker jaegertracing/jaeger 2.20.0",
    "docker otel/opentelemetry-collector-contrib 0.155.0",
    "docker prom/prometheus v3.12.0",
    "docker quay.io/prometheuscommunity/elasticsearch-exporter v1.11.0",
    "helm eck-elasticsearch 0.20.0",
    "helm eck-operator 3.5.0",
  ]);
});

test("every image tag and chart version the stacks deploy by default is one Renovate updates", () => {
  const tracked = new Set(extracted().map((line) => line.split(" ")[2]));
  const images = Object.entries(resolveSettings("prod", {}).images).map(([name, image]) => `${name} ${image.tag}`);
  const charts = Object.values(CHARTS).map((chart) => `${chart.name} ${chart.version}`);
  expect([...images, ...charts].filter((pinned) => !tracked.has(pinned.split(" ")[1]))).toEqual([]);
});
