/**
 * Reads the synthesized `prod` stack (Terraform JSON, not construct internals) into the
 * evaluator's model: the namespaces, the pods that will run (ours from Deployments and Jobs,
 * Elasticsearch and the operator from the ECK charts' values, the cluster DNS as the
 * `kubernetes.dns` setting describes it, and one stand-in pod per other namespace the flows
 * mention), and the NetworkPolicies.
 */
import { parse } from "yaml";
import type { TracingSettings } from "../tracing/settings";
import type { Cluster, ContainerPort, ExternalEndpoint, LabelSelector, NetworkPolicy, Pod, PolicyPeer, PolicyPort } from "./network-policy-evaluator";

/** A namespace no policy mentions, standing for anything else in the cluster. */
export const UNKNOWN_NAMESPACE = "unknown-team";
/** Role of the stand-in for any other pod started in the tracing namespace. */
export const STRAY_POD_ROLE = "strayInTracing";
/** An address on the internet (TEST-NET-3, never routed). */
export const INTERNET: ExternalEndpoint = { name: "internet", ip: "203.0.113.10" };

export interface ProdClusterModel {
  readonly cluster: Cluster;
  /**
   * Pods by role: collector, query, elasticsearchBootstrap, elasticsearch, eckOperator,
   * dns, client:<ns>, monitoring, ingressController, unknown, strayInTracing.
   */
  readonly pods: Readonly<Record<string, Pod>>;
  /** The node-local DNS cache, when settings name its address (it runs on the host network). */
  readonly nodeLocalDns?: ExternalEndpoint;
}

type Json = any;

const camelSelector = (s: Json): LabelSelector | undefined =>
  s === undefined
    ? undefined
    : {
        matchLabels: s.match_labels,
        matchExpressions: s.match_expressions?.map((e: Json) => ({ key: e.key, operator: e.operator, values: e.values })),
      };
const camelPeer = (p: Json): PolicyPeer => ({
  podSelector: camelSelector(p.pod_selector),
  namespaceSelector: camelSelector(p.namespace_selector),
  ipBlock: p.ip_block ? { cidr: p.ip_block.cidr, except: p.ip_block.except } : undefined,
});
const camelPort = (p: Json): PolicyPort => ({
  port: p.port === undefined ? undefined : /^\d+$/.test(String(p.port)) ? Number(p.port) : String(p.port),
  // Terraform's state writes an unset end_port as 0.
  endPort: p.end_port ? Number(p.end_port) : undefined,
  protocol: p.protocol,
});

/** A namespace a policy names as a peer, which the settings do not describe: a stand-in pod goes there. */
export interface NamespaceStandIn {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Every namespace the NetworkPolicies of `doc` let in or out by name or by labels. Comparing
 * two sides needs both sides' stand-ins in both models: a peer that only the new side names
 * must show as opened, not as new.
 */
export function namespacesNamedByPolicies(doc: Json): NamespaceStandIn[] {
  const named = new Map<string, NamespaceStandIn>();
  for (const policy of Object.values<Json>(doc?.resource?.kubernetes_network_policy_v1 ?? {})) {
    const rules = [...(policy.spec?.ingress ?? []).flatMap((r: Json) => r.from ?? []), ...(policy.spec?.egress ?? []).flatMap((r: Json) => r.to ?? [])];
    for (const peer of rules) {
      const labels: Record<string, string> | undefined = peer.namespace_selector?.match_labels;
      if (!labels || Object.keys(labels).length === 0) continue;
      const name = labels["kubernetes.io/metadata.name"] ?? `labelled-${Object.entries(labels).map(([k, v]) => `${k}-${v}`).join("-").replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`;
      named.set(name, { name, labels });
    }
  }
  return [...named.values()];
}

export function prodClusterModel(doc: Json, settings: TracingSettings, named: readonly NamespaceStandIn[] = []): ProdClusterModel {
  const resources = (type: string): [string, Json][] => Object.entries(doc.resource?.[type] ?? {});
  const namespaces: Record<string, Record<string, string>> = {};
  const references: Record<string, string> = {};
  for (const [id, ns] of resources("kubernetes_namespace_v1")) {
    namespaces[ns.metadata.name] = ns.metadata.labels ?? {};
    references[`\${kubernetes_namespace_v1.${id}.metadata[0].name}`] = ns.metadata.name;
  }
  const namespaceOf = (value: string) => references[value] ?? value;

  const pods: Record<string, Pod> = {};
  const containerPorts = (spec: Json): ContainerPort[] =>
    [...(spec.container ?? [])].flatMap((c: Json) => (c.port ?? []).map((p: Json) => ({ name: p.name, port: p.container_port, protocol: p.protocol })));
  const owned = [...resources("kubernetes_deployment_v1"), ...resources("kubernetes_job_v1")];
  for (const [, workload] of owned) {
    const template = workload.spec.template;
    const role = String(template.metadata.labels["app.kubernetes.io/component"]).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    pods[role] = {
      name: `${namespaceOf(workload.metadata.namespace)}/${workload.metadata.name}`,
      namespace: namespaceOf(workload.metadata.namespace),
      labels: template.metadata.labels,
      ports: containerPorts(template.spec),
    };
  }
  for (const [, release] of resources("helm_release")) {
    const namespace = namespaceOf(release.namespace);
    if (release.chart === "eck-elasticsearch") {
      const name = parse(release.values[1]).fullnameOverride;
      pods.elasticsearch = {
        name: `${namespace}/${name}-es-default`,
        namespace,
        // The labels ECK puts on every Elasticsearch pod.
        labels: { "elasticsearch.k8s.elastic.co/cluster-name": name, "common.k8s.elastic.co/type": "elasticsearch" },
        ports: [
          { name: "https", port: 9200 },
          { name: "transport", port: 9300 },
        ],
      };
    } else if (release.chart === "eck-operator") {
      const values = parse(release.values[1]);
      const metricsPort = Number(values.config?.metrics?.port ?? 0);
      pods.eckOperator = {
        name: `${namespace}/elastic-operator`,
        namespace,
        labels: { "app.kubernetes.io/name": "elastic-operator", "app.kubernetes.io/instance": release.name, ...values.podLabels },
        // Namespace-scoped, it serves no webhook (helm-values/eck-operator.yaml); the chart names
        // the metrics container port `metrics` (templates/statefulset.yaml).
        ports: metricsPort > 0 ? [{ name: "metrics", port: metricsPort }] : [],
      };
    }
  }
  const k = settings.kubernetes;
  if (!pods.eckOperator) {
    // An ECK the cluster already runs, installed from Elastic's manifests (they label it so).
    pods.eckOperator = {
      name: `${k.eckOperatorNamespace}/elastic-operator`,
      namespace: k.eckOperatorNamespace,
      labels: { "control-plane": "elastic-operator" },
      ports: [{ name: "https-webhook", port: 9443 }],
    };
  }
  // The DNS server pods the setting describes (kube-dns by default, OpenShift's on 5353, …).
  pods.dns = {
    name: `${k.dns.namespace}/dns`,
    namespace: k.dns.namespace,
    labels: k.dns.podLabels,
    ports: [
      { name: "dns", port: k.dns.port, protocol: "UDP" },
      { name: "dns-tcp", port: k.dns.port, protocol: "TCP" },
    ],
  };
  const standIn = (role: string, namespace: string, labels: Record<string, string>) => {
    pods[role] = { name: `${namespace}/${role.replace(/^client:/, "service")}`, namespace, labels, ports: [{ name: "http", port: 8080 }] };
  };
  for (const ns of k.clientNamespaces) standIn(`client:${ns}`, ns, { app: "genesis-service" });
  standIn("monitoring", k.monitoringNamespace, { "app.kubernetes.io/name": "prometheus" });
  standIn("ingressController", k.ingress.controllerNamespace, { "app.kubernetes.io/name": "ingress-controller" });
  standIn("unknown", UNKNOWN_NAMESPACE, { app: "anything" });
  // Any other pod someone starts in the tracing namespace (e.g. `kubectl run debug`).
  standIn(STRAY_POD_ROLE, k.namespace, { run: "debug" });
  // Namespaces the policies name that nothing above stands for.
  const present = new Set(Object.values(pods).map((p) => p.namespace));
  for (const ns of named) {
    if (present.has(ns.name)) continue;
    namespaces[ns.name] = { ...ns.labels, "kubernetes.io/metadata.name": ns.name };
    standIn(`namespace:${ns.name}`, ns.name, { app: "anything" });
  }

  const policies: NetworkPolicy[] = resources("kubernetes_network_policy_v1").map(([, p]) => ({
    name: p.metadata.name,
    namespace: namespaceOf(p.metadata.namespace),
    podSelector: camelSelector(p.spec.pod_selector) ?? {},
    policyTypes: p.spec.policy_types,
    ingress: p.spec.ingress?.map((r: Json) => ({ from: r.from?.map(camelPeer), ports: r.ports?.map(camelPort) })),
    egress: p.spec.egress?.map((r: Json) => ({ to: r.to?.map(camelPeer), ports: r.ports?.map(camelPort) })),
  }));
  const nodeLocalDns = k.dns.nodeLocalAddress === "" ? undefined : { name: "node-local-dns", ip: k.dns.nodeLocalAddress };
  return { cluster: { namespaces, pods: Object.values(pods), policies }, pods, nodeLocalDns };
}
