/**
 * An air-gapped cluster pulls every image and chart from its own mirror: with every image and
 * the Helm repository set to a mirror and pinned by digest, nothing either stack deploys names
 * a public registry, and every image is pulled by its digest.
 */
import { parse } from "yaml";
import { stackDocuments, stringLeaves } from "../../tools/synth-documents";
import { MIRROR_HELM_REPOSITORY, MIRROR_REGISTRY, MIRRORED, mirroredSynth } from "../default-synth";

const files = mirroredSynth();
const { local, prod } = stackDocuments(files);
const resources = (stack: any, type: string): any[] => Object.values(stack.resource[type] ?? {});
/** Releases of the stack's own chart (cert-manager's objects): a folder of the stack's, no repository. */
const inRepo = (release: any) => release.chart.startsWith("assets/");
const releases = resources(prod, "helm_release").filter((release) => !inRepo(release));
const valuesOf = (release: any) => Object.assign({}, ...release.values.map((v: string) => parse(v)));
/** What the mirrored settings pin each image to, by the digest that ends it. */
const pinned = Object.entries(MIRRORED)
  .filter(([variable]) => variable.endsWith("_IMAGE"))
  .map(([variable, repository]) => `${repository}@${MIRRORED[`${variable}_DIGEST` as keyof typeof MIRRORED]}`);

/** Every image reference a pod of the prod stack runs, from our pod templates and the charts' values. */
function prodImages(): string[] {
  const templates = [...resources(prod, "kubernetes_deployment_v1"), ...resources(prod, "kubernetes_job_v1")].map((w) => w.spec.template.spec);
  const containers = templates.flatMap((spec) => [...(spec.init_container ?? []), ...spec.container]).map((c: any) => c.image);
  // The CRDs chart runs no pod.
  const charts = releases.filter((release) => release.chart !== "eck-operator-crds").map((release) => {
    const image = valuesOf(release).image;
    // The eck-operator chart renders repository:tag@digest; eck-elasticsearch takes the reference.
    if (image === undefined) return `${release.chart}: no image, the chart default`;
    return typeof image === "string" ? image : `${image.repository}@${image.digest}`;
  });
  return [...containers, ...charts];
}

test("every image a prod pod runs is a mirrored image pulled by its digest", () => {
  const images = prodImages();
  expect(images.length).toBeGreaterThanOrEqual(7);
  expect(images.filter((image) => !pinned.includes(image))).toEqual([]);
  // Each mirrored image is in use: the operator, Elasticsearch, es-rollover, Jaeger, the gateway, the exporter
  // (Prometheus is the local stack's only: prod's Monitor tab reads the cluster's own).
  expect(pinned.filter((image) => !images.includes(image))).toEqual([`${MIRRORED.PROMETHEUS_IMAGE}@${MIRRORED.PROMETHEUS_IMAGE_DIGEST}`]);
});

test("the ECK operator keeps the chart's version beside its digest", () => {
  const operator = releases.find((release) => release.chart === "eck-operator");
  expect(valuesOf(operator).image).toEqual({ repository: MIRRORED.ECK_OPERATOR_IMAGE, tag: operator.version, digest: MIRRORED.ECK_OPERATOR_IMAGE_DIGEST });
});

test("every chart comes from the mirrored Helm repository", () => {
  expect(releases.map((release) => [release.chart, release.repository])).toEqual(releases.map((release) => [release.chart, MIRROR_HELM_REPOSITORY]));
});

test("the stack's own chart needs no repository: Terraform finds it in the stack's folder", () => {
  const own = resources(prod, "helm_release").filter(inRepo);
  expect(own.map((release) => release.name).sort()).toEqual(["tracing-certificate-issuers", "tracing-certificates"]);
  for (const release of own) {
    expect(release.repository).toBeUndefined();
    expect(files.has(`stacks/prod/${release.chart}/Chart.yaml`)).toBe(true);
    expect(files.has(`stacks/prod/${release.chart}/templates/objects.yaml`)).toBe(true);
  }
});

test("every image the local stack pulls is a mirrored image pinned by digest", () => {
  const names = resources(local, "docker_image").map((image) => image.name);
  // Elasticsearch, Jaeger, es-rollover, Prometheus.
  expect(names.length).toBe(4);
  expect(names.filter((name) => !pinned.includes(name))).toEqual([]);
});

test.each([
  ["local", local],
  ["prod", prod],
])("%s: no value names a public registry or chart repository", (_stack, document) => {
  const publicHosts = /(^|[/"' ])(docker\.io|registry-1\.docker\.io|docker\.elastic\.co|quay\.io|ghcr\.io|helm\.elastic\.co)\b|^(jaegertracing|otel|prometheuscommunity|prom)\//;
  const leaks = stringLeaves(document)
    .flatMap(({ path, value }) => value.split("\n").map((line) => ({ path: path.join("."), line: line.trim() })))
    // A YAML comment in a values file may name where the chart comes from: Helm reads none.
    .filter(({ line }) => !line.startsWith("#") && publicHosts.test(line.replace(/^image:\s*/, "")));
  expect(leaks).toEqual([]);
  expect(MIRROR_REGISTRY).not.toMatch(publicHosts);
});
