/**
 * The first apply, as Terraform orders it: the dependency graph of the real synthesized JSON
 * (references and depends_on), checked against the rules in `orderingProblems`.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { dependenciesOf, elasticsearchAccess, orderingProblems, stackGraph, usedObjects } from "../../tools/terraform-graph";
import { certManagerSynth, collectorModeSynth, defaultSynth } from "../default-synth";
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
const collectorModeStacks = stackDocuments(collectorModeSynth());
const collectorMode = collectorModeStacks.prod;
/** Every server certificate a cert-manager Certificate, its Issuers in a release of their own. */
const certManagerStacks = stackDocuments(certManagerSynth());
const certManager = certManagerStacks.prod;

describe.each([
  ["local", defaults.local],
  ["local in collector sampling mode", collectorModeStacks.local],
  ["prod", defaults.prod],
  ["prod with every option", everything],
  ["prod with the cluster's own ECK", existingEck],
  ["prod in collector sampling mode", collectorMode],
  ["prod with cert-manager's certificates", certManager],
  ["local with every image on a mirror", certManagerStacks.local],
])("first apply of %s", (_name, doc) => {
  const graph = stackGraph(doc);

  test("every object waits for its namespace, every pod for its policies, every workload for what it uses, every Elasticsearch reader and writer for the bootstrap", () => {
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

/** Addresses without cdktf's hash suffix, for literal expectations. */
const withoutHash = (address: string) => address.replace(/_[0-9A-F]{8}$/, "");

describe.each([
  ["local", defaults.local, collectorModeStacks.local],
  ["prod", defaults.prod, collectorMode],
])("the Elasticsearch readers and writers of %s, both sampling modes, as the bootstrap rule finds them", (stack, ...docs) => {
  const expected = {
    local: {
      bootstraps: ["docker_container.ElasticsearchBootstrap_Script"],
      clients: [
        "docker_container.Collector_Container handed the password random_password.WriterPassword",
        "docker_container.Query_Container handed the password random_password.ReaderPassword",
      ],
    },
    prod: {
      bootstraps: ["kubernetes_job_v1.ElasticsearchBootstrap_Job"],
      clients: [
        "kubernetes_deployment_v1.Collector_Deployment handed Secret/tracing/genesis-jaeger-writer",
        "kubernetes_deployment_v1.ElasticsearchExporter_Deployment handed Secret/tracing/genesis-jaeger-monitor",
        "kubernetes_deployment_v1.Query_Deployment handed Secret/tracing/genesis-jaeger-reader",
      ],
    },
  }[stack];
  test.each(docs.map((doc, i) => [["sdk", "collector"][i], doc]))("%s mode", (_mode, doc) => {
    const { bootstraps, clients } = elasticsearchAccess(stackGraph(doc));
    expect({ bootstraps: bootstraps.map(withoutHash), clients: clients.map((c) => `${withoutHash(c.address)} handed ${c.credential}`).sort() }).toEqual(expected);
  });
});

test("cert-manager mode: Certificates wait for their Issuers and the policies, Issuers for their CA Secret, and every pod that mounts a certificate for its release", () => {
  const graph = stackGraph(certManager);
  const release = (name: string) => [...graph.resources].find(([a, r]) => a.startsWith("helm_release.") && r.name === name)?.[0] as string;
  const [issuers, certificates] = [release("tracing-certificate-issuers"), release("tracing-certificates")];
  expect(dependenciesOf(graph, certificates)).toContain(issuers);
  const policies = [...graph.resources.keys()].filter((a) => a.startsWith("kubernetes_network_policy_v1."));
  expect(policies.filter((p) => !dependenciesOf(graph, certificates).has(p))).toEqual([]);
  expect(usedObjects(graph, issuers).map((u) => u.object)).toEqual(["Secret/tracing/genesis-tracing-ca-blue"]);
  const mounting = [...graph.resources.keys()].filter((a) => a !== certificates && usedObjects(graph, a).some((u) => u.address === certificates));
  expect(mounting.map(withoutHash).sort()).toEqual([
    "helm_release.Elasticsearch_Release",
    "kubernetes_deployment_v1.Collector_Deployment",
    "kubernetes_deployment_v1.Gateway_Deployment",
    "kubernetes_deployment_v1.Query_Deployment",
  ]);
});
