/**
 * The first apply, as Terraform orders it: the dependency graph of the real synthesized JSON
 * (references and depends_on), checked against the rules in `orderingProblems`.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { dependenciesOf, orderingProblems, stackGraph, usedObjects } from "../../tools/terraform-graph";
import { collectorModeSynth, defaultSynth } from "../default-synth";
import { synthProd } from "../stacks/synth";

const defaults = stackDocuments(defaultSynth());
/** The optional objects too: Ingress, Prometheus Operator objects, a second client namespace. */
const everything = JSON.parse(
  synthProd({
    TRACING_UI_HOST: "jaeger.example.com",
    TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth",
    TRACING_PROMETHEUS_OPERATOR: "true",
    TRACING_CLIENT_NAMESPACES: "genesis,risk",
  }),
);

const existingEck = JSON.parse(synthProd({ TRACING_ECK_OPERATOR: "existing" }));
/** The gateway, the collectors' headless Service and their tail sampling. */
const collectorMode = stackDocuments(collectorModeSynth()).prod;

describe.each([
  ["local", defaults.local],
  ["prod", defaults.prod],
  ["prod with every option", everything],
  ["prod with the cluster's own ECK", existingEck],
  ["prod in collector sampling mode", collectorMode],
])("first apply of %s", (_name, doc) => {
  const graph = stackGraph(doc);

  test("every object waits for its namespace, every pod for its policies, every workload for what it uses", () => {
    expect(orderingProblems(graph).map((p) => `${p.address} must wait for ${p.missing}: ${p.rule}`)).toEqual([]);
  });
});

test("the graph sees what the rules are about (so an empty problem list means something)", () => {
  const prod = stackGraph(defaults.prod);
  const namespace = [...prod.resources.keys()].find((a) => a.startsWith("kubernetes_namespace_v1."));
  const collector = [...prod.resources.keys()].find((a) => /^kubernetes_deployment_v1\.Collector_/.test(a)) as string;
  expect(dependenciesOf(prod, collector)).toContain(namespace);
  expect(usedObjects(prod, collector).map((u) => u.object)).toEqual(
    expect.arrayContaining(["ConfigMap/tracing/jaeger-collector-config", "Secret/tracing/jaeger-collector-tls"]),
  );
  const local = stackGraph(defaults.local);
  const elasticsearch = [...local.resources.keys()].find((a) => /^docker_container\.Elasticsearch_/.test(a)) as string;
  expect(usedObjects(local, elasticsearch).map((u) => u.object)).toEqual(
    expect.arrayContaining(["docker_network/genesis-tracing", "docker_volume/genesis-tracing-elasticsearch-data"]),
  );
});
