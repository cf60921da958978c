/**
 * The purpose each intended flow states (`npm run netpol:matrix`, reviews): a client
 * namespace's flow names whose it is, every other flow states its own. Found untested by
 * mutation testing (docs/testing.md "Mutation testing").
 */
import { intendedFlows, type Flow } from "../../tracing/topology/network-policy";
import { resolveSettings } from "../../tracing/checked-settings";

const flows = intendedFlows(
  resolveSettings("prod", {
    TRACING_CLIENT_NAMESPACES: "orders,risk",
    TRACING_ECK_OPERATOR: "existing",
    TRACING_DNS_NODE_LOCAL_ADDRESS: "169.254.20.10",
    TRACING_UI_HOST: "jaeger.corp.example",
    TRACING_UI_AUTH_URL: "https://auth.corp.example/oauth2/auth",
  }),
);
const end = (peer: Flow["from"]): string => (peer.kind === "pods" ? peer.group.name : peer.kind === "namespace" ? `namespace ${peer.namespace}` : peer.ip);
const purposes = (from: string, to: string): string[] => flows.filter((f) => end(f.from) === from && end(f.to) === to).map((f) => f.purpose);

test("each client namespace's flow names the namespace", () => {
  expect(purposes("namespace orders", "jaeger-collector")).toStrictEqual(["services in orders export OTLP"]);
  expect(purposes("namespace risk", "jaeger-collector")).toStrictEqual(["services in risk export OTLP"]);
});

test("Prometheus's and the ingress controller's flows state their purpose alone", () => {
  expect(purposes("namespace monitoring", "jaeger-collector")).toStrictEqual(["Prometheus scrapes the collector and its span metrics"]);
  expect(purposes("namespace ingress-nginx", "jaeger-query")).toStrictEqual(["the UI through the authenticated Ingress"]);
});

test("an existing ECK operator's namespace and the node-local DNS cache state theirs", () => {
  expect(purposes("namespace elastic-system", "elasticsearch-genesis")).toStrictEqual(["the cluster's ECK operator (any pod of its namespace) manages the cluster"]);
  expect(purposes("jaeger-query", "169.254.20.10")).toStrictEqual(["DNS lookups through the node-local cache"]);
});

test("query's flow to the Monitor tab's Prometheus states its purpose and names the Prometheus pods", () => {
  const withTab = intendedFlows(
    resolveSettings("prod", {
      TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc",
      TRACING_PROMETHEUS_POD_PORT: "9090",
      TRACING_PROMETHEUS_POD_LABELS: "app.kubernetes.io/name=prometheus,app.kubernetes.io/component=server",
    }),
  ).filter((f) => end(f.from) === "jaeger-query" && f.to.kind === "pods" && f.to.group.name === "prometheus");
  expect(withTab.map((f) => [f.purpose, f.to])).toStrictEqual([
    [
      "query's Monitor tab reads the span metrics from Prometheus",
      { kind: "pods", group: { name: "prometheus", namespace: "monitoring", selector: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server" } } },
    ],
  ]);
});
