import { intendedFlows, renderNetworkPolicies } from "../../tracing/topology/network-policy";
import { resolveSettings } from "../../tracing/checked-settings";

const settings = resolveSettings("prod");
const policies = renderNetworkPolicies(settings);
const policy = (name: string) => {
  const found = policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found.spec;
};
const inNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
const pods = (ns: string, labels: Record<string, string>) => ({ ...inNamespace(ns), podSelector: { matchLabels: labels } });
const collectorPods = pods("tracing", {
  "app.kubernetes.io/name": "jaeger",
  "app.kubernetes.io/instance": "genesis-tracing",
  "app.kubernetes.io/component": "collector",
});
const elasticsearchPods = pods("tracing", { "elasticsearch.k8s.elastic.co/cluster-name": "genesis" });
const dns = {
  to: [pods("kube-system", { "k8s-app": "kube-dns" })],
  ports: [
    { port: 53, protocol: "UDP" },
    { port: 53, protocol: "TCP" },
  ],
};

test("everything in the namespace is denied in both directions unless allowed", () => {
  expect(policies[0]).toEqual({
    name: "default-deny-all",
    namespace: "tracing",
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  });
});

test("one policy per workload, each stating both directions", () => {
  expect(policies.map((p) => p.name)).toEqual([
    "default-deny-all",
    "allow-jaeger-collector",
    "allow-jaeger-query",
    "allow-elasticsearch-exporter",
    "allow-jaeger-elasticsearch-bootstrap",
    "allow-elasticsearch-genesis",
  ]);
  for (const p of policies) expect(p.spec.policyTypes).toEqual(["Ingress", "Egress"]);
});

test("the collector takes OTLP from client namespaces and metrics scrapes, and talks only to Elasticsearch and DNS", () => {
  expect(policy("allow-jaeger-collector")).toEqual({
    podSelector: { matchLabels: collectorPods.podSelector.matchLabels },
    policyTypes: ["Ingress", "Egress"],
    ingress: [
      { from: [inNamespace("genesis")], ports: [{ port: 4317, protocol: "TCP" }, { port: 4318, protocol: "TCP" }] },
      { from: [inNamespace("monitoring")], ports: [{ port: 8888, protocol: "TCP" }, { port: 8889, protocol: "TCP" }] },
    ],
    egress: [{ to: [elasticsearchPods], ports: [{ port: 9200, protocol: "TCP" }] }, dns],
  });
});

test("Elasticsearch takes 9200 from Jaeger, the bootstrap, the ECK operator, the exporter and its own nodes, and 9300 only from its own nodes", () => {
  const spec = policy("allow-elasticsearch-genesis");
  const sources = (port: number) => spec.ingress!.filter((r) => (r.ports as any[]).some((p) => p.port === port)).flatMap((r) => r.from);
  expect(sources(9200)).toEqual([
    collectorPods,
    pods("tracing", { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/instance": "genesis-tracing", "app.kubernetes.io/component": "query" }),
    pods("tracing", {
      "app.kubernetes.io/name": "elasticsearch-exporter",
      "app.kubernetes.io/instance": "genesis-tracing",
      "app.kubernetes.io/component": "elasticsearch-exporter",
    }),
    pods("tracing", {
      "app.kubernetes.io/name": "jaeger",
      "app.kubernetes.io/instance": "genesis-tracing",
      "app.kubernetes.io/component": "elasticsearch-bootstrap",
    }),
    pods("elastic-system", { "app.kubernetes.io/name": "elastic-operator" }),
    // ECK's pre-stop hook on every node calls the node shutdown API through the internal HTTP Service.
    elasticsearchPods,
  ]);
  expect(sources(9300)).toEqual([elasticsearchPods]);
  expect(spec.egress).toEqual([
    { to: [elasticsearchPods], ports: [{ port: 9300, protocol: "TCP" }] },
    { to: [elasticsearchPods], ports: [{ port: 9200, protocol: "TCP" }] },
    dns,
  ]);
});

test("the query service is reachable from the ingress controller only when an Ingress exists", () => {
  const fromController = (s: typeof settings) =>
    renderNetworkPolicies(s)
      .find((p) => p.name === "allow-jaeger-query")!
      .spec.ingress!.filter((r) => (r.ports as any[]).some((p) => p.port === 16686));
  expect(fromController(settings)).toEqual([]);
  const exposed = resolveSettings("prod", { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth" });
  expect(fromController(exposed)).toEqual([{ from: [inNamespace("ingress-nginx")], ports: [{ port: 16686, protocol: "TCP" }] }]);
});

test("the DNS peer follows kubernetes.dns: OpenShift's DNS pods on 5353, UDP and TCP, for every workload", () => {
  const openshift = resolveSettings("prod", {
    TRACING_DNS_NAMESPACE: "openshift-dns",
    TRACING_DNS_POD_LABELS: "dns.operator.openshift.io/daemonset-dns=default",
    TRACING_DNS_PORT: "5353",
  });
  const openshiftDns = {
    to: [pods("openshift-dns", { "dns.operator.openshift.io/daemonset-dns": "default" })],
    ports: [
      { port: 5353, protocol: "UDP" },
      { port: 5353, protocol: "TCP" },
    ],
  };
  const workloads = renderNetworkPolicies(openshift).filter((p) => p.name !== "default-deny-all");
  expect(workloads).toHaveLength(5);
  for (const p of workloads) {
    const toDns = p.spec.egress!.filter((r) => (r.ports as any[]).some((port) => port.port === 5353 || port.port === 53));
    expect({ policy: p.name, dns: toDns }).toEqual({ policy: p.name, dns: [openshiftDns] });
  }
});

test("by default every workload may query kube-dns in kube-system on 53, UDP and TCP", () => {
  for (const p of policies.slice(1)) {
    const toDns = p.spec.egress!.filter((r) => (r.ports as any[]).some((port) => port.port === 53));
    expect({ policy: p.name, dns: toDns }).toEqual({ policy: p.name, dns: [dns] });
  }
});

test("Prometheus may scrape the ECK operator the stack installs on its metrics port, and nothing of an existing one", () => {
  const toOperator = (env: Record<string, string>) =>
    intendedFlows(resolveSettings("prod", env))
      .filter((f) => f.to.kind === "pods" && f.to.group.name === "elastic-operator")
      .map((f) => [f.from, f.ports]);
  expect(toOperator({})).toEqual([[{ kind: "namespace", namespace: "monitoring" }, [{ port: 9090, protocol: "TCP" }]]]);
  expect(toOperator({ TRACING_ECK_OPERATOR: "existing" })).toEqual([]);
});

test("every flow says why it exists", () => {
  for (const flow of intendedFlows(settings)) expect(flow.purpose.length).toBeGreaterThan(5);
});

test("a node-local DNS cache is reached by its address alone, on the DNS port, from every workload", () => {
  const policies = renderNetworkPolicies(resolveSettings("prod", { TRACING_DNS_NODE_LOCAL_ADDRESS: "169.254.20.10" }));
  const workloads = policies.filter((p) => p.name !== "default-deny-all");
  expect(workloads).toHaveLength(5);
  for (const policy of workloads) {
    expect(policy.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: "169.254.20.10/32" } }],
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
    });
  }
  const defaults = renderNetworkPolicies(resolveSettings("prod"));
  expect(JSON.stringify(defaults)).not.toContain("ipBlock");
});

describe("query's egress to the Monitor tab's Prometheus (TRACING_PROMETHEUS_URL)", () => {
  /** Query's egress rules other than DNS (53) and Elasticsearch (9200). */
  const queryEgressToPrometheus = (env: Record<string, string>) =>
    renderNetworkPolicies(resolveSettings("prod", env))
      .find((p) => p.name === "allow-jaeger-query")!
      .spec.egress!.filter((rule) => rule.ports.some((port: any) => port.port !== 53 && port.port !== 9200));

  test("allows the pods' port, not the Service's: prometheus-community's chart maps Service port 80 to the pods' 9090", () => {
    expect(queryEgressToPrometheus({ TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc", TRACING_PROMETHEUS_POD_PORT: "9090" })).toEqual([
      { to: [inNamespace("monitoring")], ports: [{ port: 9090, protocol: "TCP" }] },
    ]);
  });

  test("without a pod port, the URL's port (or its scheme's) is taken for the pods'", () => {
    expect(queryEgressToPrometheus({ TRACING_PROMETHEUS_URL: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090" })).toEqual([
      { to: [inNamespace("monitoring")], ports: [{ port: 9090, protocol: "TCP" }] },
    ]);
    expect(queryEgressToPrometheus({ TRACING_PROMETHEUS_URL: "https://prometheus.monitoring.svc.cluster.local" })).toEqual([
      { to: [inNamespace("monitoring")], ports: [{ port: 443, protocol: "TCP" }] },
    ]);
  });

  test("with pod labels, only the Prometheus pods of that namespace; an IP address by its ipBlock", () => {
    const labels = { "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": "kube-prometheus-stack-prometheus" };
    expect(
      queryEgressToPrometheus({
        TRACING_PROMETHEUS_URL: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
        TRACING_PROMETHEUS_POD_LABELS: "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=kube-prometheus-stack-prometheus",
      }),
    ).toEqual([{ to: [pods("monitoring", labels)], ports: [{ port: 9090, protocol: "TCP" }] }]);
    expect(queryEgressToPrometheus({ TRACING_PROMETHEUS_URL: "https://10.0.0.9:9443", TRACING_PROMETHEUS_POD_PORT: "9090" })).toEqual([
      { to: [{ ipBlock: { cidr: "10.0.0.9/32" } }], ports: [{ port: 9090, protocol: "TCP" }] },
    ]);
  });
});
