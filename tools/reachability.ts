/**
 * Who may reach what under a stack's NetworkPolicies, as the project's evaluator decides it
 * over the cluster model of `prod-cluster-model.ts`, and how two models differ: the flows a
 * change opens and closes, in words, for `npm run diff`, `npm run plan:summary` and the
 * reachability matrix.
 */
import { evaluate, type Endpoint, type Pod } from "./network-policy-evaluator";
import { INTERNET, STRAY_POD_ROLE, UNKNOWN_NAMESPACE, type ProdClusterModel } from "./prod-cluster-model";

/** A destination port: a pod role's container port, or an address outside the pod network. */
export interface Destination {
  /** `role:port`, with `/udp` for UDP. */
  readonly label: string;
  readonly role: string;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
}

/** One allowed connection, by role: what the flow lists compare. */
export interface Reach {
  readonly from: string;
  readonly to: Destination;
}

/** Every port of every pod of the model, the internet's 443 and the node-local DNS cache. */
export function destinationsOf(model: ProdClusterModel): Destination[] {
  const ports = Object.entries(model.pods).flatMap(([role, pod]: [string, Pod]) =>
    pod.ports.map((p): Destination => {
      const protocol = p.protocol === "UDP" ? "UDP" : "TCP";
      return { label: `${role}:${p.port}${protocol === "UDP" ? "/udp" : ""}`, role, to: pod as Endpoint, port: p.port, protocol };
    }),
  );
  const outside: Destination[] = [{ label: "internet:443", role: "internet", to: INTERNET, port: 443, protocol: "TCP" }];
  if (model.nodeLocalDns) {
    for (const protocol of ["UDP", "TCP"] as const) {
      outside.push({ label: `nodeLocalDns:53${protocol === "UDP" ? "/udp" : ""}`, role: "nodeLocalDns", to: model.nodeLocalDns, port: 53, protocol });
    }
  }
  return [...ports, ...outside];
}

/** Every connection the policies allow between the model's pods and destinations. */
export function allowedReaches(model: ProdClusterModel): Reach[] {
  const destinations = destinationsOf(model);
  return Object.entries(model.pods).flatMap(([from, pod]) =>
    destinations.filter((d) => evaluate(model.cluster, { from: pod, to: d.to, port: d.port, protocol: d.protocol }).allowed).map((to) => ({ from, to })),
  );
}

/** A role in words: stand-ins say which pods they stand for. */
export function describeRole(role: string, model: ProdClusterModel): string {
  const pod = model.pods[role];
  if (role === STRAY_POD_ROLE) return `any pod in ${pod.namespace}`;
  if (role === "unknown") return `any pod in another namespace (${UNKNOWN_NAMESPACE})`;
  if (role.startsWith("client:")) return `services in ${role.slice("client:".length)}`;
  if (role === "monitoring") return `Prometheus (${pod.namespace})`;
  if (role === "ingressController") return `the ingress controller (${pod.namespace})`;
  return role;
}

export interface FlowChanges {
  readonly opens: readonly string[];
  readonly closes: readonly string[];
}

/**
 * The connections `after` allows that `before` did not, and the other way round, in words
 * (`any pod in tracing → elasticsearch:9200`). A side that has no prod stack allows nothing.
 */
export function flowChanges(before: ProdClusterModel | undefined, after: ProdClusterModel | undefined): FlowChanges {
  const described = (model: ProdClusterModel | undefined) =>
    new Set(model ? allowedReaches(model).map((r) => `${describeRole(r.from, model)} → ${r.to.label}`) : []);
  const b = described(before);
  const a = described(after);
  return { opens: [...a].filter((f) => !b.has(f)).sort(), closes: [...b].filter((f) => !a.has(f)).sort() };
}

/** `OPENS …` / `CLOSES …` lines, or one line saying nothing moved. */
export function renderFlowChanges(changes: FlowChanges, format: "text" | "markdown"): string[] {
  const bullet = format === "markdown" ? "- " : "  ";
  const lines = [...changes.opens.map((f) => `${bullet}OPENS ${f}`), ...changes.closes.map((f) => `${bullet}CLOSES ${f}`)];
  const title = format === "markdown" ? "**Network flows (prod NetworkPolicies, as the evaluator reads them)**" : "Network flows (prod NetworkPolicies, as the evaluator reads them):";
  return [title, ...(lines.length > 0 ? lines : [`${bullet}no flow opened or closed`]), ""];
}
