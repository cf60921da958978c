import { evaluate, selectorMatches, type Cluster, type NetworkPolicy, type Pod } from "../../tools/network-policy-evaluator";

const pod = (namespace: string, app: string, ports = [{ name: "http", port: 8080 }]): Pod => ({
  name: `${namespace}/${app}`,
  namespace,
  labels: { app },
  ports,
});
const web = pod("shop", "web");
const api = pod("shop", "api", [{ name: "grpc", port: 9090 }, { name: "http", port: 8080 }]);
const db = pod("data", "db", [{ name: "pg", port: 5432 }]);
const other = pod("other", "web");
const internet = { name: "internet", ip: "203.0.113.10" };
const cluster = (policies: NetworkPolicy[], namespaces: Cluster["namespaces"] = {}): Cluster => ({
  namespaces: { shop: { team: "shop" }, data: { team: "data" }, other: { team: "other" }, ...namespaces },
  pods: [web, api, db, other],
  policies,
});
const deny = (namespace: string, types: ("Ingress" | "Egress")[]): NetworkPolicy => ({
  name: `deny-${namespace}`,
  namespace,
  podSelector: {},
  policyTypes: types,
});
const allowed = (c: Cluster, from: Pod | typeof internet, to: Pod | typeof internet, port: number, protocol?: string) =>
  evaluate(c, { from, to, port, protocol }).allowed;

describe("selectors", () => {
  test("an empty selector matches every pod", () => {
    expect(selectorMatches({}, { app: "x" })).toBe(true);
  });
  test("matchExpressions: In, NotIn, Exists, DoesNotExist", () => {
    const labels = { app: "api", tier: "backend" };
    expect(selectorMatches({ matchExpressions: [{ key: "app", operator: "In", values: ["api", "web"] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["api"] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "Exists" }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, labels)).toBe(false);
  });
});

describe("isolation", () => {
  test("a pod no policy selects is open in both directions", () => {
    expect(allowed(cluster([]), web, db, 5432)).toBe(true);
  });

  test("an empty podSelector denies every pod of its namespace, in the listed directions only", () => {
    const c = cluster([deny("data", ["Ingress"])]);
    expect(allowed(c, web, db, 5432)).toBe(false);
    // Egress from data is not isolated by an Ingress-only policy.
    expect(allowed(c, db, web, 8080)).toBe(true);
  });

  test("without policyTypes, a policy with egress rules isolates egress too; without them, only ingress", () => {
    const ingressOnly: NetworkPolicy = { name: "p", namespace: "shop", podSelector: { matchLabels: { app: "web" } }, ingress: [] };
    expect(allowed(cluster([ingressOnly]), web, db, 5432)).toBe(true);
    const withEgress: NetworkPolicy = { ...ingressOnly, egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }] }] };
    expect(allowed(cluster([withEgress]), web, db, 5432)).toBe(false);
    expect(allowed(cluster([withEgress]), web, api, 9090)).toBe(true);
  });

  test("a flow needs the source's egress and the destination's ingress", () => {
    const ingressToDb: NetworkPolicy = {
      name: "db-from-shop",
      namespace: "data",
      podSelector: { matchLabels: { app: "db" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "shop" } } }], ports: [{ port: 5432 }] }],
    };
    expect(allowed(cluster([ingressToDb]), web, db, 5432)).toBe(true);
    expect(allowed(cluster([ingressToDb, deny("shop", ["Egress"])]), web, db, 5432)).toBe(false);
    expect(evaluate(cluster([ingressToDb, deny("shop", ["Egress"])]), { from: web, to: db, port: 5432 }).reason).toMatch(/Egress of shop\/web denied/);
  });
});

describe("policies are additive", () => {
  test("a second policy selecting the same pod widens what it allows, never narrows it", () => {
    const fromShop: NetworkPolicy = {
      name: "from-shop",
      namespace: "data",
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "shop" } } }] }],
    };
    const fromOther: NetworkPolicy = { ...fromShop, name: "from-other", ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "other" } } }] }] };
    expect(allowed(cluster([fromShop]), other, db, 5432)).toBe(false);
    expect(allowed(cluster([fromShop, fromOther]), other, db, 5432)).toBe(true);
    expect(allowed(cluster([fromShop, fromOther, deny("data", ["Ingress"])]), web, db, 5432)).toBe(true);
  });
});

describe("peers", () => {
  const into = (from: NetworkPolicy["ingress"]): NetworkPolicy => ({
    name: "into-db",
    namespace: "data",
    podSelector: { matchLabels: { app: "db" } },
    policyTypes: ["Ingress"],
    ingress: from,
  });

  test("namespaceSelector and podSelector in ONE peer: both must match", () => {
    const c = cluster([into([{ from: [{ namespaceSelector: { matchLabels: { team: "shop" } }, podSelector: { matchLabels: { app: "api" } } }] }])]);
    expect(allowed(c, api, db, 5432)).toBe(true);
    expect(allowed(c, web, db, 5432)).toBe(false);
  });

  test("namespaceSelector and podSelector in TWO peers: either may match", () => {
    const c = cluster([into([{ from: [{ namespaceSelector: { matchLabels: { team: "shop" } } }, { podSelector: { matchLabels: { app: "api" } } }] }])]);
    expect(allowed(c, web, db, 5432)).toBe(true);
    // The second peer means pods labelled app=api in the policy's own namespace only.
    expect(allowed(c, other, db, 5432)).toBe(false);
  });

  test("a podSelector alone means pods in the policy's own namespace", () => {
    const c = cluster([into([{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }])]);
    expect(allowed(c, web, db, 5432)).toBe(false);
  });

  test("an empty namespaceSelector means every namespace", () => {
    const c = cluster([into([{ from: [{ namespaceSelector: {} }] }])]);
    expect(allowed(c, other, db, 5432)).toBe(true);
  });

  test("a rule without peers admits everyone; no rules admit no one", () => {
    expect(allowed(cluster([into([{ ports: [{ port: 5432 }] }])]), other, db, 5432)).toBe(true);
    expect(allowed(cluster([into([])]), web, db, 5432)).toBe(false);
  });

  test("ipBlock matches external addresses, with exceptions", () => {
    const egress = (except?: string[]): NetworkPolicy => ({
      name: "out",
      namespace: "shop",
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24", except } }] }],
    });
    expect(allowed(cluster([egress()]), web, internet, 443)).toBe(true);
    expect(allowed(cluster([egress(["203.0.113.8/29"])]), web, internet, 443)).toBe(false);
    expect(allowed(cluster([deny("shop", ["Egress"])]), web, internet, 443)).toBe(false);
  });
});

describe("ports", () => {
  const onPorts = (ports: NetworkPolicy["ingress"] extends readonly (infer R)[] | undefined ? R extends { ports?: infer P } ? P : never : never): NetworkPolicy => ({
    name: "api-ports",
    namespace: "shop",
    podSelector: { matchLabels: { app: "api" } },
    policyTypes: ["Ingress"],
    ingress: [{ from: [{ namespaceSelector: {} }], ports }],
  });

  test("a numbered port matches that port and protocol only (TCP by default)", () => {
    const c = cluster([onPorts([{ port: 9090 }])]);
    expect(allowed(c, web, api, 9090)).toBe(true);
    expect(allowed(c, web, api, 8080)).toBe(false);
    expect(allowed(c, web, api, 9090, "UDP")).toBe(false);
  });

  test("a named port resolves against the destination pod's container ports", () => {
    const c = cluster([onPorts([{ port: "grpc" }])]);
    expect(allowed(c, web, api, 9090)).toBe(true);
    expect(allowed(c, web, api, 8080)).toBe(false);
  });

  test("endPort makes a range", () => {
    const c = cluster([onPorts([{ port: 8000, endPort: 8100 }])]);
    expect(allowed(c, web, api, 8080)).toBe(true);
    expect(allowed(c, web, api, 9090)).toBe(false);
  });
});
