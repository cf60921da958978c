/**
 * Every Kubernetes object the prod stack creates itself carries `app.kubernetes.io/part-of:
 * genesis-tracing` (how an operator lists, and a label-based cleanup finds, all of the
 * backend's objects), in the default and the collector-mode shared synths. Until mutation
 * testing (README "Mutation testing") only the prod snapshot saw the NetworkPolicies' label.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth, defaultSynth } from "../default-synth";

test.each([
  ["default", defaultSynth],
  ["collector mode", collectorModeSynth],
])("%s: every kubernetes_* object is part of genesis-tracing", (_name, synth) => {
  const resources: Record<string, Record<string, any>> = stackDocuments(synth()).prod.resource;
  const unlabelled = Object.entries(resources)
    .filter(([type]) => type.startsWith("kubernetes_"))
    .flatMap(([type, byId]) => Object.values(byId).map((r) => [type, r.metadata.name, r.metadata.labels?.["app.kubernetes.io/part-of"]]))
    .filter(([, , partOf]) => partOf !== "genesis-tracing");
  expect(unlabelled).toStrictEqual([]);
  expect(Object.keys(resources.kubernetes_network_policy_v1).length).toBeGreaterThan(5);
});
