/**
 * Every pod of ours that trusts the stack's CA bundle reads it as the file `ca.crt` of the
 * bundle's ConfigMap: the mount projects exactly that key to that path (the clients' CA
 * options name `<dir>/ca.crt`). Read from the shared default synth. Until mutation testing
 * (README "Mutation testing") only the prod snapshot saw a change here.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const prod = stackDocuments(defaultSynth()).prod;
const podSpecs = ["kubernetes_deployment_v1", "kubernetes_job_v1"].flatMap((type) =>
  Object.values<any>(prod.resource[type] ?? {}).map((workload): [string, any] => [workload.metadata.name, workload.spec.template.spec]),
);
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
