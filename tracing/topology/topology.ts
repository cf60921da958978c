/** The Helm release that owns the ECK CRDs, beside the operator's own release. */
export const eckCrdsReleaseName = (operatorRelease: string) => `${operatorRelease}-crds`;

/**
 * Who runs where on Kubernetes: names, namespaces and pod labels of every workload of the
 * prod stack, defined once. Deployments, Services, PodDisruptionBudgets and NetworkPolicies
 * all take their selectors from here, so they cannot drift apart.
 */
import { backendComponents, type ComponentDescriptor, type ComponentId } from "./components";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";

export type Labels = Readonly<Record<string, string>>;

/** Pods in one namespace, selected by labels. */
export interface PodGroup {
  readonly name: string;
  readonly namespace: string;
  /** The selector labels (name + instance + component; never the version). */
  readonly selector: Labels;
}

/** `app.kubernetes.io/instance` of everything this package deploys. */
export const INSTANCE = "genesis-tracing";

const POD_SECURITY_LEVEL = "restricted";
/**
 * The labels of the tracing namespace: ours, and Pod Security Standards `restricted` enforced,
 * audited and warned at the latest policy version. `doctor prod` matches Prometheus' namespace
 * selectors against them before the namespace exists.
 */
export const TRACING_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/part-of": INSTANCE,
  ...Object.fromEntries(["enforce", "audit", "warn"].flatMap((mode) => [[`pod-security.kubernetes.io/${mode}`, POD_SECURITY_LEVEL], [`pod-security.kubernetes.io/${mode}-version`, "latest"]])),
};

/** ConfigMap with the CA bundle (`ca.crt`) in the tracing namespace and every client namespace. */
export const TRUST_BUNDLE_CONFIG_MAP = "genesis-tracing-ca";

/** A component of ours and the pods that run it. */
export interface PlacedComponent {
  readonly descriptor: ComponentDescriptor;
  readonly group: PodGroup;
}

export interface ProdTopology {
  readonly namespace: string;
  /** The components of `components.ts`, in their order. */
  readonly components: readonly PlacedComponent[];
  readonly elasticsearchBootstrap: PodGroup;
  /** Pods of the ECK-managed cluster, labelled by the operator. */
  readonly elasticsearch: PodGroup;
  /** The ECK operator as its Helm chart labels it. */
  readonly eckOperator: PodGroup;
  /** The cluster's DNS server pods, which every pod of ours queries (`kubernetes.dns`). */
  readonly dns: PodGroup;
  /** In-cluster URLs. */
  readonly urls: { readonly elasticsearch: string };
  /** Our (or cert-manager's) Secret with Elasticsearch's HTTP certificate (`tls.crt`, `tls.key`, `ca.crt`), which ECK serves. */
  readonly elasticsearchHttpCertificateSecret: string;
  /** Every name clients use for Elasticsearch's HTTP Services; its certificate carries them all. */
  readonly elasticsearchHttpNames: readonly string[];
}

/** The suffix of the Secrets cert-manager writes: never a name Terraform has written. */
export const CERT_MANAGER_SECRET_SUFFIX = "-cm";

/**
 * A server certificate's Secret, named for `terraform` mode, as the current mode names it: in
 * `cert-manager` mode cert-manager writes its own, so that switching modes never gives one
 * Secret two writers (deleting a Certificate leaves its Secret behind).
 */
export function certificateSecretName(settings: TracingSettings, terraformName: string): string {
  return settings.certificates.mode === "cert-manager" ? `${terraformName}${CERT_MANAGER_SECRET_SUFFIX}` : terraformName;
}

function podGroup(namespace: string, name: string, labels: ComponentDescriptor["labels"]): PodGroup {
  return {
    name,
    namespace,
    selector: {
      "app.kubernetes.io/name": labels.name,
      "app.kubernetes.io/instance": INSTANCE,
      "app.kubernetes.io/component": labels.component,
    },
  };
}

/** One component of the topology, with its pods. */
export function placedComponent(topology: ProdTopology, id: ComponentId): PlacedComponent {
  const placed = topology.components.find((c) => c.descriptor.id === id);
  if (!placed) throw new Error(`no ${id} component in this topology`);
  return placed;
}

/** The pods of one component. */
export const groupOf = (topology: ProdTopology, id: ComponentId): PodGroup => placedComponent(topology, id).group;

/** A Service's DNS names, from the short one to the fully qualified one. */
export function serviceNames(service: string, namespace: string): string[] {
  const inNamespace = `${service}.${namespace}`;
  return [service, inNamespace, `${inNamespace}.svc`, `${inNamespace}.svc.cluster.local`];
}

export function prodTopology(settings: TracingSettings): ProdTopology {
  const { namespace, elasticsearchName, eckOperatorNamespace, dns } = settings.kubernetes;
  const components = backendComponents(settings).map((descriptor) => ({ descriptor, group: podGroup(namespace, descriptor.name, descriptor.labels) }));
  return {
    namespace,
    components,
    elasticsearchBootstrap: podGroup(namespace, "jaeger-elasticsearch-bootstrap", { name: "jaeger", component: "elasticsearch-bootstrap" }),
    elasticsearch: {
      name: `elasticsearch-${elasticsearchName}`,
      namespace,
      selector: { "elasticsearch.k8s.elastic.co/cluster-name": elasticsearchName },
    },
    eckOperator: {
      name: "elastic-operator",
      namespace: eckOperatorNamespace,
      selector: { "app.kubernetes.io/name": "elastic-operator" },
    },
    dns: { name: "cluster-dns", namespace: dns.namespace, selector: dns.podLabels },
    urls: {
      elasticsearch: `https://${elasticsearchName}-es-http.${namespace}.svc:${PORTS.elasticsearchHttp}`,
    },
    elasticsearchHttpCertificateSecret: certificateSecretName(settings, `${elasticsearchName}-http-certificate`),
    // ECK's public Service and the internal one its operator falls back to.
    elasticsearchHttpNames: ["http", "internal-http"].flatMap((service) => serviceNames(`${elasticsearchName}-es-${service}`, namespace)),
  };
}

/**
 * The topology with every group of the tracing namespace placed in `namespaceReference`
 * (the namespace resource's name as a deploy-time reference): objects created there then
 * wait for the namespace. Selectors and URLs keep the plain name.
 */
export function placedIn(topology: ProdTopology, namespaceReference: string): ProdTopology {
  const place = (group: PodGroup): PodGroup => (group.namespace === topology.namespace ? { ...group, namespace: namespaceReference } : group);
  return {
    ...topology,
    components: topology.components.map(({ descriptor, group }) => ({ descriptor, group: place(group) })),
    elasticsearchBootstrap: place(topology.elasticsearchBootstrap),
    elasticsearch: place(topology.elasticsearch),
    eckOperator: place(topology.eckOperator),
    dns: place(topology.dns),
  };
}
