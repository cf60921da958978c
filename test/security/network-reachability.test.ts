import { resolveSettings, type EnvironmentVariables } from "../../tracing/settings";
import { evaluate, evaluateSide, type Endpoint } from "../../tools/network-policy-evaluator";
import { INTERNET, prodClusterModel } from "../../tools/prod-cluster-model";
import { stackDocuments, synthesizeApp } from "../../tools/synth";

function model(env: EnvironmentVariables = {}) {
  return prodClusterModel(stackDocuments(synthesizeApp(env)).prod, resolveSettings("prod", env));
}
const prod = model();
type Case = [from: string, to: string, port: number, protocol?: "TCP" | "UDP"];
function connection(m: ReturnType<typeof model>, [from, to, port, protocol]: Case) {
  const endpoint = (role: string): Endpoint => {
    if (role === "internet") return INTERNET;
    if (!m.pods[role]) throw new Error(`no pod with role ${role}`);
    return m.pods[role];
  };
  return { from: endpoint(from), to: endpoint(to), port, protocol };
}
const verdict = (m: ReturnType<typeof model>, flow: Case) => evaluate(m.cluster, connection(m, flow));

/** The flows the Kubernetes issue lists, written out by hand (not read from the intent). */
const mustAllow: Case[] = [
  ["collector", "kubeDns", 53, "UDP"],
  ["query", "kubeDns", 53, "TCP"],
  ["elasticsearch", "kubeDns", 53, "UDP"],
  ["elasticsearchBootstrap", "kubeDns", 53, "UDP"],
  ["client:genesis", "collector", 4317],
  ["client:genesis", "collector", 4318],
  ["collector", "elasticsearch", 9200],
  ["query", "elasticsearch", 9200],
  ["elasticsearch", "elasticsearch", 9300],
  ["eckOperator", "elasticsearch", 9200],
  ["elasticsearchBootstrap", "elasticsearch", 9200],
  ["monitoring", "collector", 8888],
  ["monitoring", "query", 8888],
  ["monitoring", "collector", 8889],
  ["monitoring", "elasticsearchExporter", 9114],
  ["elasticsearchExporter", "elasticsearch", 9200],
  ["elasticsearchExporter", "kubeDns", 53, "UDP"],
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
  ["collector", "kubeDns", 8080],
  ["client:genesis", "elasticsearchExporter", 9114],
  ["elasticsearchExporter", "internet", 443],
  ["elasticsearchExporter", "elasticsearch", 9300],
  ["monitoring", "elasticsearch", 9300],
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
  ["elasticsearch", "elasticsearch", 9200],
  ["elasticsearchBootstrap", "collector", 4317],
  ["collector", "kubeDns", 8080],
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

describe("with the UI exposed through an Ingress", () => {
  const exposed = model({ TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth" });

  test("the ingress controller reaches the UI, and nothing else", () => {
    expect(verdict(exposed, ["ingressController", "query", 16686]).allowed).toBe(true);
    expect(verdict(exposed, ["ingressController", "query", 16685]).allowed).toBe(false);
    expect(verdict(exposed, ["ingressController", "elasticsearch", 9200]).allowed).toBe(false);
    expect(verdict(exposed, ["client:genesis", "query", 16686]).allowed).toBe(false);
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
