/**
 * Each ECK Helm release waits for its chart's Deployments and StatefulSets, up to 10 minutes,
 * before Terraform goes on (the bootstrap Job then waits for the cluster itself). Read from the
 * shared default synth. Until mutation testing (README "Mutation testing") only the prod
 * snapshot saw `wait`.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

test("the CRDs', the operator's and the Elasticsearch release wait, 600 s", () => {
  const releases = Object.values<any>(stackDocuments(defaultSynth()).prod.resource.helm_release);
  expect(releases.map((r) => [r.name, r.wait, r.timeout])).toStrictEqual([
    ["elastic-operator-crds", true, 600],
    ["elastic-operator", true, 600],
    ["elasticsearch", true, 600],
  ]);
});
