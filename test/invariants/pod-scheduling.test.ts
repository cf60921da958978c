/**
 * Every prod pod is pulled and placed as the settings say, and only then: in the air-gapped
 * synth (`SCHEDULED`) our Deployments and Jobs, the Elasticsearch nodes and the ECK operator
 * carry exactly its pull secrets, tolerations, node selector and priority class; in the
 * default synths none of them carries any of these keys. The expected values are written out
 * here from the settings' text, not computed by the code under test.
 */
import { parse } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth, defaultSynth, mirroredSynth, SCHEDULED } from "../default-synth";

const resources = (stack: any, type: string): any[] => Object.values(stack.resource[type] ?? {});
const valuesOf = (release: any) => Object.assign({}, ...release.values.map((v: string) => parse(v)));
/** Only the given keys of an object that it has. */
const pick = (object: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in object).map((k) => [k, object[k]]));

/** Our pod templates (Deployments and Jobs), by kind and name. */
const ownPodSpecs = (prod: any): [string, any][] => [
  ...resources(prod, "kubernetes_deployment_v1").map((d): [string, any] => [`Deployment ${d.metadata.name}`, d.spec.template.spec]),
  ...resources(prod, "kubernetes_job_v1").map((j): [string, any] => [`Job ${j.metadata.name}`, j.spec.template.spec]),
];
/** The pod specs the two ECK charts' values give: each Elasticsearch node set's, and the operator's top level. */
const chartPodSpecs = (prod: any): [string, any][] => {
  const releases = resources(prod, "helm_release");
  const elasticsearch = valuesOf(releases.find((r) => r.chart === "eck-elasticsearch"));
  const operator = valuesOf(releases.find((r) => r.chart === "eck-operator"));
  return [...elasticsearch.nodeSets.map((set: any): [string, any] => [`Elasticsearch node set ${set.name}`, set.podTemplate.spec]), ["ECK operator values", operator]];
};

/** In the provider's schema, as synthesized (snake case, `toleration_seconds` a string). */
const PROVIDER_KEYS = ["image_pull_secrets", "toleration", "node_selector", "priority_class_name"];
const PROVIDER_EXPECTED = {
  image_pull_secrets: [{ name: "mirror-pull" }, { name: "mirror-pull-backup" }],
  toleration: [
    { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", toleration_seconds: "300" },
  ],
  node_selector: { "node-role.corp.example/tracing": "true" },
  priority_class_name: "tracing-high",
};
/** In Kubernetes' YAML, as the charts take it. */
const MANIFEST_KEYS = ["imagePullSecrets", "tolerations", "nodeSelector", "priorityClassName"];
const MANIFEST_EXPECTED = {
  imagePullSecrets: [{ name: "mirror-pull" }, { name: "mirror-pull-backup" }],
  tolerations: [
    { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  ],
  nodeSelector: { "node-role.corp.example/tracing": "true" },
  priorityClassName: "tracing-high",
};

describe("with pull secrets, a node selector, tolerations and a priority class", () => {
  const { prod } = stackDocuments(mirroredSynth());

  test("the expected values are the synth's settings", () => {
    expect(SCHEDULED).toEqual({
      TRACING_IMAGE_PULL_SECRETS: "mirror-pull,mirror-pull-backup",
      TRACING_NODE_SELECTOR: "node-role.corp.example/tracing=true",
      TRACING_TOLERATIONS: "dedicated=tracing:NoSchedule,node.kubernetes.io/unreachable:NoExecute:300",
      TRACING_PRIORITY_CLASS: "tracing-high",
    });
  });

  test("every pod we own is there: collector, gateway, query, exporter, bootstrap Job", () => {
    expect(ownPodSpecs(prod).map(([name]) => name.replace(/-[0-9a-f]{8}$/, "")).sort()).toEqual([
      "Deployment elasticsearch-exporter",
      "Deployment jaeger-collector",
      "Deployment jaeger-query",
      "Deployment otel-gateway",
      "Job jaeger-elasticsearch-bootstrap",
    ]);
  });

  test.each(ownPodSpecs(prod))("%s carries exactly them", (_name, spec) => {
    expect(pick(spec, PROVIDER_KEYS)).toEqual(PROVIDER_EXPECTED);
  });

  test.each(chartPodSpecs(prod))("%s carry exactly them", (_name, spec) => {
    expect(pick(spec, MANIFEST_KEYS)).toEqual(MANIFEST_EXPECTED);
  });

  test("the Elasticsearch nodes keep one node per host among the nodes selected", () => {
    const [, spec] = chartPodSpecs(prod)[0];
    expect(spec.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ["kubernetes.io/hostname", "DoNotSchedule"],
      ["topology.kubernetes.io/zone", "ScheduleAnyway"],
    ]);
  });
});

describe.each([
  ["default settings", defaultSynth],
  ["collector sampling mode", collectorModeSynth],
])("with %s, no pod carries any of them", (_settings, synth) => {
  const { prod } = stackDocuments(synth());
  test.each(ownPodSpecs(prod))("%s", (_name, spec) => {
    expect(pick(spec, PROVIDER_KEYS)).toEqual({});
  });
  test.each(chartPodSpecs(prod))("%s", (_name, spec) => {
    expect(pick(spec, MANIFEST_KEYS)).toEqual({});
  });
});
