import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { evaluate, evaluateSide, type Endpoint, type Pod } from "../../tools/network-policy-evaluator";
import { INTERNET, prodClusterModel, UNKNOWN_NAMESPACE } from "../../tools/prod-cluster-model";
import { stackDocuments, synthesizeApp } from "../../tools/synth";
import { COLLECTOR_MODE, collectorModeSynth, defaultSynth } from "../default-synth";

function model(env: EnvironmentVariables = {}, files = synthesizeApp(env)) {
  return prodClusterModel(stackDocuments(files).prod, resolveSettings("prod", env));
}
const prod = model({}, defaultSynth());
type Case = [from: string, to: string, port: number, protocol?: "TCP" | "UDP"];
function connection(m: ReturnType<typeof model>, [from, to, port, protocol]: Case) {
  const endpoint = (role: string): Endpoint => {
    if (role === "internet") return INTERNET;
    if (role === "nodeLocalDns" && m.nodeLocalDns) return m.nodeLocalDns;
    if (!m.pods[role]) throw new Error(`no pod with role ${role}`);
    return m.pods[role];
  };
  return { from: endpoint(from), to: endpoint(to), port, protocol };
}
const verdict = (m: ReturnType<typeof model>, flow: Case) => evaluate(m.cluster, connection(m, flow));

/** The flows the Kubernetes issue lists, written out by hand (not read from the intent). */
const mustAllow: Case[] = [
  ["collector", "dns", 53, "UDP"],
  ["query", "dns", 53, "TCP"],
  ["elasticsearch", "dns", 53, "UDP"],
  ["elasticsearchBootstrap", "dns", 53, "UDP"],
  ["client:genesis", "collector", 4317],
  ["client:genesis", "collector", 4318],
  ["collector", "elasticsearch", 9200],
  ["query", "elasticsearch", 9200],
  ["elasticsearch", "elasticsearch", 9300],
  // ECK's pre-stop hook calls the node shutdown API from each node through the internal HTTP Service.
  ["elasticsearch", "elasticsearch", 9200],
  ["eckOperator", "elasticsearch", 9200],
  ["elasticsearchBootstrap", "elasticsearch", 9200],
  ["monitoring", "collector", 8888],
  ["monitoring", "query", 8888],
  ["monitoring", "collector", 8889],
  ["monitoring", "elasticsearchExporter", 9114],
  ["monitoring", "eckOperator", 9090],
  ["elasticsearchExporter", "elasticsearch", 9200],
  ["elasticsearchExporter", "dns", 53, "UDP"],
];

const mustDeny: Case[] = [
  ["client:genesis", "elasticsearch", 9200],
  ["client:genesis", "query", 16686],
  ["client:genesis", "query", 16685],
  ["client:genesis", "collector", 8888],
  ["collector", "internet", 443],
  ["query", "internet", 443],
  ["elasticsearch", "internet", 443],
  ["elasticsearchBootstrap", "internet", 443],
  ["query", "collector", 4317],
  ["collector", "query", 16686],
  ["collector", "elasticsearch", 9300],
  ["query", "elasticsearch", 9300],
  ["elasticsearchBootstrap", "elasticsearch", 9300],
  ["eckOperator", "elasticsearch", 9300],
  ["client:genesis", "elasticsearch", 9300],
  ["unknown", "elasticsearch", 9300],
  ["unknown", "collector", 4317],
  ["unknown", "collector", 4318],
  ["unknown", "query", 16686],
  ["unknown", "elasticsearch", 9200],
  ["monitoring", "elasticsearch", 9200],
  ["monitoring", "collector", 4317],
  ["ingressController", "query", 16686],
  ["elasticsearch", "collector", 4317],
  ["collector", "dns", 8080],
  ["client:genesis", "elasticsearchExporter", 9114],
  ["elasticsearchExporter", "internet", 443],
  ["elasticsearchExporter", "elasticsearch", 9300],
  ["monitoring", "elasticsearch", 9300],
  ["ingressController", "elasticsearch", 9300],
  ["strayInTracing", "elasticsearch", 9300],
  ["elasticsearch", "strayInTracing", 9200],
  ["elasticsearch", "query", 16686],
  ["elasticsearch", "elasticsearchExporter", 9114],
  ["elasticsearch", "client:genesis", 8080],
];

/** Denied by the destination's ingress alone, whatever the source's egress allows. */
const mustDenyAtIngress: Case[] = [
  ["strayInTracing", "elasticsearch", 9200],
  ["strayInTracing", "elasticsearch", 9300],
  ["collector", "elasticsearch", 9300],
  ["query", "elasticsearch", 9300],
  ["strayInTracing", "collector", 4317],
  ["strayInTracing", "query", 16686],
  ["client:genesis", "elasticsearch", 9200],
  ["client:genesis", "query", 16686],
  ["unknown", "collector", 4317],
  ["monitoring", "elasticsearch", 9200],
  ["eckOperator", "collector", 4317],
  ["eckOperator", "elasticsearch", 9300],
  ["elasticsearchExporter", "elasticsearch", 9300],
];

/** Denied by the source's egress alone, whatever the destination's ingress allows. */
const mustDenyAtEgress: Case[] = [
  ["collector", "internet", 443],
  ["query", "internet", 443],
  ["elasticsearch", "internet", 443],
  ["elasticsearchBootstrap", "internet", 443],
  ["strayInTracing", "internet", 443],
  ["collector", "client:genesis", 8080],
  ["query", "collector", 4317],
  ["collector", "elasticsearch", 9300],
  ["elasticsearch", "strayInTracing", 9200],
  ["elasticsearch", "unknown", 9200],
  ["elasticsearch", "client:genesis", 9200],
  ["elasticsearch", "dns", 9200],
  ["elasticsearchBootstrap", "collector", 4317],
  ["collector", "dns", 8080],
];

let checked = { allowed: 0, denied: 0 };

test.each(mustAllow)("allowed: %s -> %s:%i", (...flow) => {
  const v = verdict(prod, flow);
  expect({ flow, allowed: v.allowed, reason: v.reason }).toEqual({ flow, allowed: true, reason: expect.any(String) });
  checked = { ...checked, allowed: checked.allowed + 1 };
});

test.each(mustDeny)("denied: %s -> %s:%i", (...flow) => {
  const v = verdict(prod, flow);
  expect({ flow, allowed: v.allowed, reason: v.reason }).toEqual({ flow, allowed: false, reason: expect.any(String) });
  checked = { ...checked, denied: checked.denied + 1 };
});

test.each(mustDenyAtIngress)("ingress alone denies: %s -> %s:%i", (...flow) => {
  const v = evaluateSide(prod.cluster, connection(prod, flow), "Ingress");
  expect({ flow, allowed: v.allowed }).toEqual({ flow, allowed: false });
  checked = { ...checked, denied: checked.denied + 1 };
});

test.each(mustDenyAtEgress)("egress alone denies: %s -> %s:%i", (...flow) => {
  const v = evaluateSide(prod.cluster, connection(prod, flow), "Egress");
  expect({ flow, allowed: v.allowed }).toEqual({ flow, allowed: false });
  checked = { ...checked, denied: checked.denied + 1 };
});

/** Every pod of the model that reaches `to:port`, by role. */
function sourcesReaching(m: ReturnType<typeof model>, to: string, port: number): string[] {
  return Object.entries(m.pods)
    .filter(([, pod]) => evaluate(m.cluster, { from: pod, to: m.pods[to], port }).allowed)
    .map(([role]) => role)
    .sort();
}

describe("Elasticsearch's ports: exactly these sources, nothing new", () => {
  test("9200 from the collector, query, bootstrap, exporter, ECK operator and the Elasticsearch nodes", () => {
    expect(sourcesReaching(prod, "elasticsearch", 9200)).toEqual(
      ["collector", "eckOperator", "elasticsearch", "elasticsearchBootstrap", "elasticsearchExporter", "query"].sort(),
    );
  });

  test("9300 from the Elasticsearch nodes only", () => {
    expect(sourcesReaching(prod, "elasticsearch", 9300)).toEqual(["elasticsearch"]);
  });

  test("Elasticsearch itself reaches its own 9200 and 9300 and DNS, and no other port of any pod or the internet", () => {
    const reached = Object.entries(prod.pods)
      .flatMap(([role, pod]) => pod.ports.map((p) => ({ label: `${role}:${p.port}/${p.protocol ?? "TCP"}`, to: pod as Endpoint, port: p.port, protocol: p.protocol })))
      .concat([{ label: "internet:443/TCP", to: INTERNET, port: 443, protocol: "TCP" }])
      .filter((d) => evaluate(prod.cluster, { from: prod.pods.elasticsearch, to: d.to, port: d.port, protocol: d.protocol }).allowed)
      .map((d) => d.label)
      .sort();
    expect(reached).toEqual(["dns:53/TCP", "dns:53/UDP", "elasticsearch:9200/TCP", "elasticsearch:9300/TCP"]);
  });

  test("a pod with Elasticsearch's labels in another namespace is refused on 9200 and 9300 by the ingress policy", () => {
    const impostor: Pod = { ...prod.pods.elasticsearch, name: `${UNKNOWN_NAMESPACE}/impostor`, namespace: UNKNOWN_NAMESPACE };
    for (const port of [9200, 9300]) {
      const v = evaluateSide(prod.cluster, { from: impostor, to: prod.pods.elasticsearch, port }, "Ingress");
      expect({ port, allowed: v.allowed }).toEqual({ port, allowed: false });
    }
  });
});

describe("with the UI exposed through an Ingress", () => {
  const exposed = model({ TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth" });

  test("the ingress controller reaches the UI, and nothing else", () => {
    expect(verdict(exposed, ["ingressController", "query", 16686]).allowed).toBe(true);
    expect(verdict(exposed, ["ingressController", "query", 16685]).allowed).toBe(false);
    expect(verdict(exposed, ["ingressController", "elasticsearch", 9200]).allowed).toBe(false);
    expect(verdict(exposed, ["client:genesis", "query", 16686]).allowed).toBe(false);
  });
});

describe("the cluster DNS", () => {
  const tracingPods = ["collector", "query", "elasticsearchBootstrap", "elasticsearchExporter", "elasticsearch"];
  const protocols = ["UDP", "TCP"] as const;

  test("by default the DNS pods are kube-dns in kube-system, on 53", () => {
    expect(prod.pods.dns).toMatchObject({
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns" },
      ports: [expect.objectContaining({ port: 53, protocol: "UDP" }), expect.objectContaining({ port: 53, protocol: "TCP" })],
    });
  });

  describe("with OpenShift's DNS (TRACING_DNS_*)", () => {
    const openshift = model({
      TRACING_DNS_NAMESPACE: "openshift-dns",
      TRACING_DNS_POD_LABELS: "dns.operator.openshift.io/daemonset-dns=default",
      TRACING_DNS_PORT: "5353",
    });
    /** kube-dns as the defaults describe it, written out by hand: no longer the DNS to allow. */
    const kubeDns: Pod = {
      name: "kube-system/coredns",
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
      ],
    };

    test("the DNS pods of the model are OpenShift's", () => {
      expect(openshift.pods.dns).toMatchObject({ namespace: "openshift-dns", labels: { "dns.operator.openshift.io/daemonset-dns": "default" } });
    });

    test.each(tracingPods)("%s may query OpenShift's DNS pods on 5353, UDP and TCP", (role) => {
      for (const protocol of protocols) {
        const v = verdict(openshift, [role, "dns", 5353, protocol]);
        expect({ protocol, allowed: v.allowed, reason: v.reason }).toEqual({ protocol, allowed: true, reason: expect.any(String) });
      }
    });

    test.each(tracingPods)("%s may no longer reach kube-dns, nor OpenShift's DNS pods on 53", (role) => {
      for (const protocol of protocols) {
        const toKubeDns = evaluate(openshift.cluster, { from: openshift.pods[role], to: kubeDns, port: 53, protocol });
        expect({ protocol, kubeDns: toKubeDns.allowed }).toEqual({ protocol, kubeDns: false });
        expect({ protocol, dnsOn53: verdict(openshift, [role, "dns", 53, protocol]).allowed }).toEqual({ protocol, dnsOn53: false });
      }
    });
  });
});

describe("with several client namespaces", () => {
  const several = model({ TRACING_CLIENT_NAMESPACES: "orders,risk" });

  test("each may export OTLP; the default namespace no longer may", () => {
    expect(verdict(several, ["client:orders", "collector", 4317]).allowed).toBe(true);
    expect(verdict(several, ["client:risk", "collector", 4318]).allowed).toBe(true);
    expect(several.pods["client:genesis"]).toBeUndefined();
  });
});

afterAll(() => {
  // The figure the closing note reports.
  process.stdout.write(`network flows checked: ${checked.allowed} allowed, ${checked.denied} denied\n`);
});

describe("with the cluster's own ECK (TRACING_ECK_OPERATOR=existing)", () => {
  const existing = model({ TRACING_ECK_OPERATOR: "existing", TRACING_ECK_NAMESPACE: "eck" });

  test.each<Case>([["eckOperator", "elasticsearch", 9200]])("allowed: %s -> %s:%i", (...flow) => {
    expect(verdict(existing, flow).allowed).toBe(true);
  });

  test.each<Case>([
    ["eckOperator", "elasticsearch", 9300],
    ["eckOperator", "collector", 4317],
    ["eckOperator", "query", 16686],
    ["unknown", "elasticsearch", 9200],
  ])("denied: %s -> %s:%i", (...flow) => {
    expect(verdict(existing, flow).allowed).toBe(false);
  });

  test("its operator is found by namespace, whatever labels its install gave it", () => {
    expect(existing.pods.eckOperator).toMatchObject({ namespace: "eck", labels: { "control-plane": "elastic-operator" } });
    const other = { ...existing.pods.eckOperator, name: "eck/webhook", labels: { app: "other" } };
    expect(evaluate(existing.cluster, { from: other, to: existing.pods.elasticsearch, port: 9200 }).allowed).toBe(true);
  });
});

describe("with a node-local DNS cache (TRACING_DNS_NODE_LOCAL_ADDRESS)", () => {
  const withCache = model({ TRACING_DNS_NODE_LOCAL_ADDRESS: "169.254.20.10" });

  test.each<Case>([
    ["collector", "nodeLocalDns", 53, "UDP"],
    ["query", "nodeLocalDns", 53, "TCP"],
    ["elasticsearch", "nodeLocalDns", 53, "UDP"],
    ["elasticsearchBootstrap", "nodeLocalDns", 53, "UDP"],
    ["elasticsearchExporter", "nodeLocalDns", 53, "TCP"],
  ])("allowed: %s -> %s:%i/%s", (...flow) => {
    expect(verdict(withCache, flow).allowed).toBe(true);
  });

  test.each<Case>([
    ["collector", "nodeLocalDns", 80],
    ["strayInTracing", "internet", 53, "UDP"],
    ["collector", "internet", 53, "UDP"],
  ])("denied: %s -> %s:%i", (...flow) => {
    expect(verdict(withCache, flow).allowed).toBe(false);
  });

  test("without the setting the cache's address is not reachable", () => {
    expect(evaluate(prod.cluster, { from: prod.pods.collector, to: { name: "node-local-dns", ip: "169.254.20.10" }, port: 53, protocol: "UDP" }).allowed).toBe(false);
  });
});

describe("in collector sampling mode (TRACE_SAMPLING_MODE=collector): clients reach only the gateway", () => {
  const sampled = model(COLLECTOR_MODE, collectorModeSynth());

  /** Written out by hand, as the issue states the hops. */
  test.each<Case>([
    ["client:genesis", "gateway", 4317],
    ["client:genesis", "gateway", 4318],
    ["gateway", "collector", 4317],
    ["gateway", "dns", 53, "UDP"],
    ["gateway", "dns", 53, "TCP"],
    ["monitoring", "gateway", 8888],
    ["monitoring", "gateway", 8889],
    ["monitoring", "collector", 8888],
    ["collector", "elasticsearch", 9200],
  ])("allowed: %s -> %s:%i", (...flow) => {
    const v = verdict(sampled, flow);
    expect({ flow, allowed: v.allowed }).toEqual({ flow, allowed: true });
  });

  test.each<Case>([
    // The collectors no longer take client traffic.
    ["client:genesis", "collector", 4317],
    ["client:genesis", "collector", 4318],
    // The gateway speaks gRPC to the collectors, nothing else, and never to storage.
    ["gateway", "collector", 4318],
    ["gateway", "collector", 8888],
    ["gateway", "elasticsearch", 9200],
    ["gateway", "query", 16686],
    ["gateway", "internet", 443],
    ["gateway", "client:genesis", 8080],
    // Only clients and Prometheus reach the gateway.
    ["unknown", "gateway", 4317],
    ["strayInTracing", "gateway", 4317],
    ["query", "gateway", 4317],
    ["elasticsearch", "gateway", 4317],
    ["collector", "gateway", 4317],
    ["client:genesis", "gateway", 8888],
    // The collectors' span metrics moved to the gateway.
    ["monitoring", "collector", 8889],
  ])("denied: %s -> %s:%i", (...flow) => {
    const v = verdict(sampled, flow);
    expect({ flow, allowed: v.allowed }).toEqual({ flow, allowed: false });
  });

  test("the collectors' OTLP port: from the gateway alone", () => {
    expect(sourcesReaching(sampled, "collector", 4317)).toEqual(["gateway"]);
    expect(sourcesReaching(sampled, "gateway", 4317)).toEqual(["client:genesis"]);
  });

  test("each side of the gateway -> collector hop allows it on its own: egress at the gateway, ingress at the collector", () => {
    const hop = connection(sampled, ["gateway", "collector", 4317]);
    expect(evaluateSide(sampled.cluster, hop, "Egress").allowed).toBe(true);
    expect(evaluateSide(sampled.cluster, hop, "Ingress").allowed).toBe(true);
    expect(evaluateSide(sampled.cluster, connection(sampled, ["client:genesis", "collector", 4317]), "Ingress").allowed).toBe(false);
  });
});
