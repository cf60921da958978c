/**
 * Network access of the prod stack, written once as intent (who talks to whom on which
 * port, and why) and turned into NetworkPolicies by one function: a default deny for the
 * tracing namespace, then one policy per workload allowing exactly its flows in and out.
 */
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";
import { portsNamed, type Audience } from "./components";
import { groupOf, prodTopology, type Labels, type PodGroup, type ProdTopology } from "./topology";
import { monitorTabPossible } from "../pipeline/sampling";
import { prometheusEndpoint, type PrometheusPeer } from "./prometheus-endpoint";

export type Peer =
  | { readonly kind: "pods"; readonly group: PodGroup }
  | { readonly kind: "namespace"; readonly namespace: string }
  /** One address outside any pod network, such as a DNS cache on the host network. */
  | { readonly kind: "address"; readonly ip: string };

export interface FlowPort {
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
}

export interface Flow {
  readonly from: Peer;
  readonly to: Peer;
  readonly ports: readonly FlowPort[];
  /** Why the flow exists; shown in reviews and the reachability matrix. */
  readonly purpose: string;
}

const tcp = (...ports: number[]): FlowPort[] => ports.map((port) => ({ port, protocol: "TCP" }));
const pods = (group: PodGroup): Peer => ({ kind: "pods", group });
const namespace = (name: string): Peer => ({ kind: "namespace", namespace: name });

/** The workloads in the tracing namespace; each gets its own policy. */
export function tracingWorkloads(settings: TracingSettings): PodGroup[] {
  const t = prodTopology(settings);
  return [...t.components.map((c) => c.group), t.elasticsearchBootstrap, t.elasticsearch];
}

/** Where an audience's connections come from: namespaces (clients, Prometheus, ingress) or our own pods. */
function audiencePeers(settings: TracingSettings, topology: ProdTopology, audience: Audience): { peer: Peer; who: string }[] {
  const k = settings.kubernetes;
  switch (audience.kind) {
    case "clients":
      return k.clientNamespaces.map((ns) => ({ peer: namespace(ns), who: `services in ${ns}` }));
    case "monitoring":
      return [{ peer: namespace(k.monitoringNamespace), who: "Prometheus" }];
    case "ingress":
      return [{ peer: namespace(k.ingress.controllerNamespace), who: "the ingress controller" }];
    case "component": {
      const group = groupOf(topology, audience.id);
      return [{ peer: pods(group), who: group.name }];
    }
  }
}

/** The flows the component descriptors declare: who reaches each port, and each one's Elasticsearch connection. */
function componentFlows(settings: TracingSettings, topology: ProdTopology): Flow[] {
  return topology.components.flatMap(({ descriptor, group }) => [
    ...descriptor.reachedBy.flatMap((reach) =>
      audiencePeers(settings, topology, reach.from).map(({ peer, who }) => ({
        from: peer,
        to: pods(group),
        ports: tcp(...portsNamed(descriptor, reach.ports).map((p) => p.port)),
        // A client namespace's flow says whose it is; the others say it themselves.
        purpose: reach.from.kind === "clients" ? `${who} ${reach.purpose}` : reach.purpose,
      })),
    ),
    ...(descriptor.elasticsearch
      ? [{ from: pods(group), to: pods(topology.elasticsearch), ports: tcp(PORTS.elasticsearchHttp), purpose: descriptor.elasticsearch.purpose }]
      : []),
  ]);
}

/** The pod group a NetworkPolicy names for the Prometheus the Monitor tab reads. */
const PROMETHEUS_GROUP_NAME = "prometheus";

/**
 * Query's Monitor tab reads the cluster's Prometheus, when the settings name one (prod): its
 * pods (by their labels, else any pod of its namespace) or its address, on the pods' own port.
 */
function monitorTabFlows(settings: TracingSettings, topology: ProdTopology): Flow[] {
  const prometheus = settings.kubernetes.prometheus;
  const endpoint = prometheus.url === "" || !monitorTabPossible(settings) ? undefined : prometheusEndpoint(prometheus);
  if (endpoint === undefined) return [];
  return [{ from: pods(groupOf(topology, "query")), to: prometheusPeer(endpoint.peer), ports: tcp(endpoint.port), purpose: "query's Monitor tab reads the span metrics from Prometheus" }];
}

function prometheusPeer(peer: PrometheusPeer): Peer {
  if (peer.kind === "address") return peer;
  return Object.keys(peer.podLabels).length === 0 ? namespace(peer.namespace) : pods({ name: PROMETHEUS_GROUP_NAME, namespace: peer.namespace, selector: peer.podLabels });
}

/** Every network flow the tracing backend needs, and nothing else. */
export function intendedFlows(settings: TracingSettings): Flow[] {
  const t = prodTopology(settings);
  const k = settings.kubernetes;
  const workloads = tracingWorkloads(settings);
  const dnsPorts: FlowPort[] = [
    { port: k.dns.port, protocol: "UDP" },
    { port: k.dns.port, protocol: "TCP" },
  ];
  return [
    ...componentFlows(settings, t),
    ...monitorTabFlows(settings, t),
    {
      from: pods(t.elasticsearchBootstrap),
      to: pods(t.elasticsearch),
      ports: tcp(PORTS.elasticsearchHttp),
      purpose: "bootstrap sets the ILM policy, roles, users and first indices",
    },
    k.eckOperator === "install"
      ? { from: pods(t.eckOperator), to: pods(t.elasticsearch), ports: tcp(PORTS.elasticsearchHttp), purpose: "ECK operator manages the cluster" }
      : {
          // An existing install's pod labels depend on how it was installed (Helm or manifests).
          from: namespace(k.eckOperatorNamespace),
          to: pods(t.elasticsearch),
          ports: tcp(PORTS.elasticsearchHttp),
          purpose: "the cluster's ECK operator (any pod of its namespace) manages the cluster",
        },
    // Its metrics, which the stack turns on (tracing/topology/eck-values.ts); an existing install's are its owner's.
    ...(k.eckOperator === "install"
      ? [{ from: namespace(k.monitoringNamespace), to: pods(t.eckOperator), ports: tcp(PORTS.eckOperatorMetrics), purpose: "Prometheus scrapes the ECK operator" }]
      : []),
    {
      from: pods(t.elasticsearch),
      to: pods(t.elasticsearch),
      ports: tcp(PORTS.elasticsearchTransport),
      purpose: "Elasticsearch node-to-node transport",
    },
    {
      from: pods(t.elasticsearch),
      to: pods(t.elasticsearch),
      ports: tcp(PORTS.elasticsearchHttp),
      // ECK 3.5.0 nodespec/lifecycle_hook.go: `curl -k` to https://<name>-es-internal-http.<ns>.svc:9200.
      purpose: "ECK's pre-stop hook calls /_cat/nodes and the node shutdown API, so a stopping node leaves the cluster in order",
    },
    ...workloads.map((group) => ({
      from: pods(group),
      to: pods(t.dns),
      ports: dnsPorts,
      purpose: "DNS lookups",
    })),
    ...(k.dns.nodeLocalAddress === ""
      ? []
      : workloads.map((group) => ({
          from: pods(group),
          to: { kind: "address", ip: k.dns.nodeLocalAddress } as const,
          ports: dnsPorts,
          purpose: "DNS lookups through the node-local cache",
        }))),
  ];
}

/** A NetworkPolicy as the Kubernetes API spells it. */
export interface NetworkPolicyDocument {
  readonly name: string;
  readonly namespace: string;
  readonly spec: {
    readonly podSelector: { readonly matchLabels?: Labels };
    readonly policyTypes: readonly ("Ingress" | "Egress")[];
    readonly ingress?: readonly { readonly from: readonly object[]; readonly ports: readonly object[] }[];
    readonly egress?: readonly { readonly to: readonly object[]; readonly ports: readonly object[] }[];
  };
}

const byName = (ns: string) => ({ matchLabels: { "kubernetes.io/metadata.name": ns } });

/** One peer, with namespace and pod selector in the same entry (both must match). */
function peerSelector(peer: Peer): object {
  switch (peer.kind) {
    case "pods":
      return { namespaceSelector: byName(peer.group.namespace), podSelector: { matchLabels: peer.group.selector } };
    case "namespace":
      return { namespaceSelector: byName(peer.namespace) };
    case "address":
      return { ipBlock: { cidr: `${peer.ip}/32` } };
  }
}

const isGroup = (peer: Peer, group: PodGroup) =>
  peer.kind === "pods" && peer.group.namespace === group.namespace && peer.group.name === group.name;
const ports = (flow: Flow) => flow.ports.map(({ port, protocol }) => ({ port, protocol }));

export function renderNetworkPolicies(settings: TracingSettings): NetworkPolicyDocument[] {
  const ns = settings.kubernetes.namespace;
  const flows = intendedFlows(settings);
  return [
    { name: "default-deny-all", namespace: ns, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    ...tracingWorkloads(settings).map((group) => ({
      name: `allow-${group.name}`,
      namespace: ns,
      spec: {
        podSelector: { matchLabels: group.selector },
        policyTypes: ["Ingress", "Egress"] as const,
        ingress: flows.filter((f) => isGroup(f.to, group)).map((f) => ({ from: [peerSelector(f.from)], ports: ports(f) })),
        egress: flows.filter((f) => isGroup(f.from, group)).map((f) => ({ to: [peerSelector(f.to)], ports: ports(f) })),
      },
    })),
  ];
}
