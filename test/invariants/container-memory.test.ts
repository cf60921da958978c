/**
 * Every container of ours requests the memory it is limited to, in MiB (a request below the
 * limit lets the node overcommit, and the pod be killed under pressure first). Read from the
 * shared default synth. Until mutation testing (README "Mutation testing") only the prod
 * snapshot saw the memory request's value.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const prod = stackDocuments(defaultSynth()).prod;
const containers = ["kubernetes_deployment_v1", "kubernetes_job_v1"].flatMap((type) =>
  Object.values<any>(prod.resource[type] ?? {}).flatMap((w) =>
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
