/**
 * Who may reach what under a stack's NetworkPolicies, as the project's evaluator decides it
 * over the cluster model of `prod-cluster-model.ts`, and how two models differ: the flows a
 * change opens and closes, in words, for `npm run diff`, `npm run plan:summary` and the
 * reachability matrix.
 */
import { evaluate, type Endpoint, type Pod } from "./network-policy-evaluator";
import type { TracingSettings } from "../tracing/settings";
import { INTERNET, namespacesNamedByPolicies, prodClusterModel, STRAY_POD_ROLE, UNKNOWN_NAMESPACE, type ProdClusterModel } from "./prod-cluster-model";

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

/** Every connection the policies allow from the model's pods, and from the internet, to every destination. */
export function allowedReaches(model: ProdClusterModel): Reach[] {
  const destinations = destinationsOf(model);
  const sources: [string, Endpoint][] = [...Object.entries(model.pods), ["internet", INTERNET]];
  return sources.flatMap(([from, endpoint]) =>
    destinations
      // A role's pods reach each other (Elasticsearch nodes); the internet is no destination of itself.
      .filter((d) => !(from === "internet" && d.role === "internet") && evaluate(model.cluster, { from: endpoint, to: d.to, port: d.port, protocol: d.protocol }).allowed)
      .map((to) => ({ from, to })),
  );
}

/** One side of a comparison: a synthesized (or planned) prod stack and the settings it was made with. */
export interface ModelSide {
  readonly doc: unknown;
  readonly settings: TracingSettings;
}

/**
 * The models of two sides with the same stand-in pods: every namespace either side's policies
 * name stands in on both, so a peer only the new side names shows as opened, not as new.
 */
export function comparedModels(before: ModelSide | undefined, after: ModelSide | undefined): [ProdClusterModel | undefined, ProdClusterModel | undefined] {
  const named = [before, after].flatMap((side) => (side ? namespacesNamedByPolicies(side.doc) : []));
  const model = (side: ModelSide | undefined) => (side ? prodClusterModel(side.doc, side.settings, named) : undefined);
  return [model(before), model(after)];
}

/** A role in words: stand-ins say which pods they stand for. */
export function describeRole(role: string, model: ProdClusterModel): string {
  const pod = model.pods[role] ?? { namespace: "" };
  if (role === STRAY_POD_ROLE) return `any pod in ${pod.namespace}`;
  if (role === "unknown") return `any pod in another namespace (${UNKNOWN_NAMESPACE})`;
  if (role.startsWith("client:")) return `services in ${role.slice("client:".length)}`;
  if (role.startsWith("namespace:")) return `any pod in ${role.slice("namespace:".length)}`;
  if (role === "internet") return "the internet";
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
export function flowChanges(before: ModelSide | undefined, after: ModelSide | undefined): FlowChanges {
  const [b, a] = comparedModels(before, after);
  return modelFlowChanges(b, a);
}

/** `flowChanges` of two models built with the same stand-ins (`comparedModels`). */
export function modelFlowChanges(before: ProdClusterModel | undefined, after: ProdClusterModel | undefined): FlowChanges {
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
