/**
 * Values of the prod stack's Kubernetes objects that, until mutation testing (docs/testing.md
 * "Mutation testing"), only the prod snapshot saw. Read from the shared synths.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth, defaultSynth } from "../default-synth";

const prod = stackDocuments(defaultSynth()).prod;
const resources = (type: string): any[] => Object.values(prod.resource[type] ?? {});
const podSpecs = ["kubernetes_deployment_v1", "kubernetes_job_v1"].flatMap((type) =>
  resources(type).map((workload): [string, any] => [workload.metadata.name, workload.spec.template.spec]),
);

describe("the CA bundle: every pod that trusts it reads the file ca.crt of its ConfigMap (the clients' CA options name <dir>/ca.crt)", () => {
  const bundleVolumes = (spec: any): any[] => (spec.volume ?? []).filter((v: any) => v.config_map?.name === "${kubernetes_config_map_v1.TrustBundle.metadata[0].name}");

  test("the collector, the query service, the exporter and the bootstrap Job mount the bundle", () => {
    // The bootstrap Job's name ends in a hash of what it runs.
    const names = podSpecs.filter(([, spec]) => bundleVolumes(spec).length > 0).map(([name]) => name.replace(/-[0-9a-f]{8}$/, "-<hash>"));
    expect(names.sort()).toStrictEqual(["elasticsearch-exporter", "jaeger-collector", "jaeger-elasticsearch-bootstrap-<hash>", "jaeger-query"]);
  });

  test.each(podSpecs.filter(([, spec]) => bundleVolumes(spec).length > 0))("%s: one bundle volume, ca.crt projected as ca.crt, read-only to the pod's group", (_name, spec) => {
    expect(bundleVolumes(spec)).toStrictEqual([
      {
        name: "elasticsearch-ca",
        config_map: { name: "${kubernetes_config_map_v1.TrustBundle.metadata[0].name}", default_mode: "0440", items: [{ key: "ca.crt", path: "ca.crt" }] },
      },
    ]);
  });
});

describe("the namespace", () => {
  const [namespace, ...others] = resources("kubernetes_namespace_v1");

  test("one namespace, tracing, labelled for Pod Security restricted at the latest version in all three modes", () => {
    expect(others).toStrictEqual([]);
    expect(namespace.metadata).toStrictEqual({
      name: "tracing",
      labels: {
        "app.kubernetes.io/part-of": "genesis-tracing",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "latest",
      },
    });
  });

  test("Terraform refuses to destroy it (and its PVCs with it) at default settings", () => {
    expect(namespace.lifecycle).toStrictEqual({ prevent_destroy: true });
  });
});

// How an operator lists, and a label-based cleanup finds, all of the backend's objects.
test.each([
  ["default", defaultSynth],
  ["collector mode", collectorModeSynth],
])("%s: every kubernetes_* object is labelled part-of genesis-tracing", (_name, synth) => {
  const byType: Record<string, Record<string, any>> = stackDocuments(synth()).prod.resource;
  const unlabelled = Object.entries(byType)
    .filter(([type]) => type.startsWith("kubernetes_"))
    .flatMap(([type, byId]) => Object.values(byId).map((r) => [type, r.metadata.name, r.metadata.labels?.["app.kubernetes.io/part-of"]]))
    .filter(([, , partOf]) => partOf !== "genesis-tracing");
  expect(unlabelled).toStrictEqual([]);
  expect(Object.keys(byType.kubernetes_network_policy_v1).length).toBeGreaterThan(5);
});

// The bootstrap Job then waits for the cluster itself.
test("the ECK CRDs', operator's and Elasticsearch releases wait for their charts' workloads, up to 600 s", () => {
  expect(resources("helm_release").map((r) => [r.name, r.wait, r.timeout])).toStrictEqual([
    ["elastic-operator-crds", true, 600],
    ["elastic-operator", true, 600],
    ["elasticsearch", true, 600],
  ]);
});

describe("memory: every container requests what it is limited to (else the node may overcommit, and kill it first)", () => {
  const containers = ["kubernetes_deployment_v1", "kubernetes_job_v1"].flatMap((type) =>
    resources(type).flatMap((w) =>
      [...(w.spec.template.spec.init_container ?? []), ...w.spec.template.spec.container].map((c: any): [string, any] => [`${w.metadata.name}/${c.name}`, c.resources]),
    ),
  );

  test.each(containers)("%s requests exactly its memory limit, in Mi", (_name, resources) => {
    expect(resources.requests.memory).toMatch(/^[1-9]\d*Mi$/);
    expect(resources.requests.memory).toBe(resources.limits.memory);
  });

  test("the collector's container requests 512Mi at default settings", () => {
    expect(containers.find(([name]) => name === "jaeger-collector/jaeger")?.[1].requests.memory).toBe("512Mi");
  });
});
