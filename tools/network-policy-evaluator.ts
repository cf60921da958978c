/**
 * A small evaluator of Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), used to
 * prove which flows the synthesized prod stack allows. It follows the API's rules:
 * - policies are additive (allowed = union of every rule of every policy selecting the pod);
 * - a pod is isolated in a direction only if a policy selecting it lists that direction in
 *   `policyTypes` (default: Ingress, plus Egress when the policy has egress rules);
 * - a flow needs the source's egress AND the destination's ingress to allow it;
 * - an empty selector selects everything; `namespaceSelector` and `podSelector` in one peer
 *   mean both must match, in two peers either may;
 * - a peer with only `podSelector` means pods in the policy's own namespace;
 * - ports may be numbers or names (resolved against the destination pod's container ports),
 *   protocol defaults to TCP, `endPort` makes a range, an absent list means every port;
 * - `ipBlock` matches endpoints outside the cluster by address.
 */

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: readonly string[];
  }[];
}

export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface PolicyPort {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol?: string;
}

export interface NetworkPolicy {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly ("Ingress" | "Egress")[];
  readonly ingress?: readonly { readonly from?: readonly PolicyPeer[]; readonly ports?: readonly PolicyPort[] }[];
  readonly egress?: readonly { readonly to?: readonly PolicyPeer[]; readonly ports?: readonly PolicyPort[] }[];
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
}

export interface Pod {
  /** A readable name for reports, e.g. `tracing/jaeger-collector`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
}

/** Something outside the cluster, reached by address (e.g. the internet). */
export interface ExternalEndpoint {
  readonly name: string;
  readonly ip: string;
}

export type Endpoint = Pod | ExternalEndpoint;

export interface Cluster {
  /** Namespace name to its labels (`kubernetes.io/metadata.name` is added automatically). */
  readonly namespaces: Readonly<Record<string, Labels>>;
  readonly pods: readonly Pod[];
  readonly policies: readonly NetworkPolicy[];
}

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** A port number (named ports are resolved by the policies, against `to`). */
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: string;
}

export interface Verdict {
  readonly allowed: boolean;
  /** Why, in words: which side denied it, or which policies allowed it. */
  readonly reason: string;
}

const isPod = (e: Endpoint): e is Pod => "namespace" in e;

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok =
      e.operator === "In" ? has && (e.values ?? []).includes(labels[e.key])
      : e.operator === "NotIn" ? !has || !(e.values ?? []).includes(labels[e.key])
      : e.operator === "Exists" ? has
      : !has;
    if (!ok) return false;
  }
  return true;
}

function namespaceLabels(cluster: Cluster, namespace: string): Labels {
  return { ...(cluster.namespaces[namespace] ?? {}), "kubernetes.io/metadata.name": namespace };
}

function ipToNumber(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToNumber(base) / size) * size;
  const n = ipToNumber(ip);
  return n >= start && n < start + size;
}

/** Does `peer`, written in a policy of `policyNamespace`, match `endpoint`? */
function peerMatches(cluster: Cluster, peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    // Pod IPs are not modelled: ipBlock is for traffic leaving or entering the cluster.
    if (isPod(endpoint)) return false;
    return inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c));
  }
  if (!isPod(endpoint)) return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, endpoint.namespace))
    : endpoint.namespace === policyNamespace;
  return namespaceOk && selectorMatches(peer.podSelector, endpoint.labels);
}

function portMatches(rulePorts: readonly PolicyPort[] | undefined, destination: Endpoint, port: number, protocol: string): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string" && !/^\d+$/.test(p.port)) {
      const named = isPod(destination) ? destination.ports.find((c) => c.name === p.port && (c.protocol ?? "TCP") === protocol) : undefined;
      return named !== undefined && named.port === port;
    }
    const start = Number(p.port);
    return p.endPort !== undefined ? port >= start && port <= p.endPort : port === start;
  });
}

function policyTypes(policy: NetworkPolicy): readonly ("Ingress" | "Egress")[] {
  if (policy.policyTypes && policy.policyTypes.length > 0) return policy.policyTypes;
  return policy.egress && policy.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function selecting(cluster: Cluster, pod: Pod, direction: "Ingress" | "Egress"): NetworkPolicy[] {
  return cluster.policies.filter(
    (p) => p.namespace === pod.namespace && selectorMatches(p.podSelector, pod.labels) && policyTypes(p).includes(direction),
  );
}

/**
 * One side alone: does the source's egress (or the destination's ingress) allow it? Used to
 * prove each side denies on its own, so that loosening one policy cannot hide behind another.
 */
export function evaluateSide(cluster: Cluster, connection: Connection, direction: "Ingress" | "Egress"): Verdict {
  const protocol = connection.protocol ?? "TCP";
  const pod = direction === "Ingress" ? connection.to : connection.from;
  if (!isPod(pod)) return { allowed: true, reason: `${pod.name} is outside the cluster` };
  const policies = selecting(cluster, pod, direction);
  if (policies.length === 0) return { allowed: true, reason: `no ${direction} policy selects ${pod.name}` };
  const peer = direction === "Ingress" ? connection.from : connection.to;
  const allowing = policies.filter((policy) => {
    const rules = direction === "Ingress" ? (policy.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (policy.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    return rules.some(
      (rule) =>
        (!rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatches(cluster, p, policy.namespace, peer))) &&
        portMatches(rule.ports, connection.to, connection.port, protocol),
    );
  });
  return allowing.length > 0
    ? { allowed: true, reason: `${direction} allowed by ${allowing.map((p) => p.name).join(", ")}` }
    : { allowed: false, reason: `${direction} of ${pod.name} denied (selected by ${policies.map((p) => p.name).join(", ")})` };
}

/** Whether the cluster's policies let `connection` through, and why. */
export function evaluate(cluster: Cluster, connection: Connection): Verdict {
  const egress = evaluateSide(cluster, connection, "Egress");
  if (!egress.allowed) return egress;
  const ingress = evaluateSide(cluster, connection, "Ingress");
  if (!ingress.allowed) return ingress;
  return { allowed: true, reason: `${egress.reason}; ${ingress.reason}` };
}
