/**
 * The values of the `eck-elasticsearch` chart that follow from settings: the cluster name,
 * the Elasticsearch version (the same as the local stack's), the node set, the HTTP
 * certificate, and Jaeger's users and roles in ECK's file realm; and the pull secrets and
 * placement of the Elasticsearch and operator pods (`pod-scheduling.ts`).
 */
import { elasticsearchPrincipal, FILE_REALM_KINDS, renderJaegerRole, type JaegerAccess } from "../elasticsearch/elasticsearch-access";
import { renderHeapOptions, renderNodeSettings } from "../elasticsearch/elasticsearch-node";
import { SCRAPE_INTERVAL_SECONDS } from "../core/scrape";
import { imageReference } from "../parsers/image-reference";
import { renderPodScheduling } from "./pod-scheduling";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";
import { INSTANCE, prodTopology } from "./topology";
import { toYaml } from "../core/yaml";

/** ECK's default name for the data volume claim; ECK mounts it at the data path. */
const DATA_VOLUME_CLAIM = "elasticsearch-data";

/** The Secret with the Jaeger roles as ECK reads them (key `roles.yml`). */
export function rolesSecretName(settings: TracingSettings): string {
  return `${settings.indexPrefix}-jaeger-roles`;
}

/** The file-realm Secret of one Jaeger user, as ECK's `spec.auth.fileRealm` names it. */
export function fileRealmSecretName(settings: TracingSettings, access: JaegerAccess): string {
  return elasticsearchPrincipal(settings, access);
}

/** `roles.yml` in Elasticsearch's file-based roles format: one role per Jaeger user, same name. */
export function renderRolesFile(settings: TracingSettings): string {
  return toYaml(Object.fromEntries(FILE_REALM_KINDS.map((access) => [elasticsearchPrincipal(settings, access), renderJaegerRole(settings, access)])));
}

/** The operator pod's container port for metrics, as the chart names it (templates/statefulset.yaml at v3.5.0). */
export const ECK_OPERATOR_METRICS_PORT_NAME = "metrics";

/**
 * The operator's metrics: served on plain HTTP (the chart's `secureMode` needs a ClusterRole,
 * which the namespace-scoped install has none of, templates/metrics-service.yaml and values.yaml
 * at v3.5.0) and scraped from the pod, as the backend's are: with the Prometheus Operator by
 * the chart's PodMonitor (templates/podMonitor.yaml: port `metrics`, the release's namespace),
 * labelled for the Prometheus that should select it; otherwise by the paste-in job
 * (tracing/monitoring/scrape-config.ts), which keeps pods `part-of` the backend.
 */
function eckOperatorMetricsValues(settings: TracingSettings): object {
  const k = settings.kubernetes;
  return {
    config: { metrics: { port: String(PORTS.eckOperatorMetrics), secureMode: { enabled: false } } },
    podLabels: { "app.kubernetes.io/part-of": INSTANCE },
    podMonitor: k.prometheusOperator
      ? { enabled: true, labels: { ...k.prometheusSelectorLabels }, interval: `${SCRAPE_INTERVAL_SECONDS}s` }
      : { enabled: false },
  };
}

/** The values of the `eck-operator` chart that follow from settings. */
export function renderEckOperatorValues(settings: TracingSettings): object {
  const image = settings.images.eckOperator;
  return {
    ...eckOperatorMetricsValues(settings),
    // The operator ignores every namespace but ours.
    managedNamespaces: [settings.kubernetes.namespace],
    // The chart renders `repository:tag@digest` when a digest is set, else `repository:tag`.
    image: { repository: image.repository, tag: image.tag, ...(image.digest === "" ? {} : { digest: image.digest }) },
    // The chart's imagePullSecrets, tolerations, nodeSelector and priorityClassName: the
    // operator pod's. Its pull secrets must exist in the operator's namespace.
    ...renderPodScheduling(settings.kubernetes.scheduling).manifest,
  };
}

export function renderElasticsearchValues(settings: TracingSettings): object {
  const es = settings.elasticsearch;
  const topology = prodTopology(settings);
  const selector = topology.elasticsearch.selector;
  const memory = `${es.memoryLimitMiB}Mi`;
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: selector },
  });
  const storageClass = settings.kubernetes.storageClassName;
  return {
    fullnameOverride: settings.kubernetes.elasticsearchName,
    version: settings.images.elasticsearch.tag,
    // The nodes run the image the settings name (a mirror, a digest), not ECK's default
    // registry: the same one the bootstrap Job and the local node run.
    image: imageReference(settings.images.elasticsearch),
    // Served as given (ECK adds nothing, and reloads it when the Secret changes); issued by the
    // stack's CA like every other server certificate (through cert-manager in `cert-manager`
    // mode, into its own Secret), so clients trust one CA bundle that the stack controls.
    http: { tls: { certificate: { secretName: topology.elasticsearchHttpCertificateSecret } } },
    // ECK hashes these Secrets into the file realm and re-syncs on every change: rotating a
    // password is a Secret update, with no API call and no Job.
    auth: {
      // One `kubernetes.io/basic-auth` Secret per user (`username`, `password`, `roles`), named
      // after the user, like the role it holds.
      fileRealm: FILE_REALM_KINDS.map((access) => ({ secretName: fileRealmSecretName(settings, access) })),
      roles: [{ secretName: rolesSecretName(settings) }],
    },
    nodeSets: [
      {
        name: "default",
        count: es.nodeCount,
        config: renderNodeSettings(),
        podTemplate: {
          metadata: { labels: { "app.kubernetes.io/part-of": INSTANCE } },
          spec: {
            // No securityContext here: ECK's defaults meet Pod Security `restricted`
            // (seccomp RuntimeDefault, non-root, no escalation, all capabilities dropped,
            // read-only root) and any value we set would replace them whole.
            automountServiceAccountToken: false,
            containers: [
              {
                name: "elasticsearch",
                env: [{ name: "ES_JAVA_OPTS", value: renderHeapOptions(settings) }],
                resources: { requests: { cpu: "1", memory }, limits: { memory } },
              },
            ],
            // One node per host (a replica on the same host protects nothing), zones best effort.
            topologySpreadConstraints: [spread("kubernetes.io/hostname", "DoNotSchedule"), spread("topology.kubernetes.io/zone", "ScheduleAnyway")],
            // Pulled and placed as every other pod of ours: among the nodes these allow, still one per host.
            ...renderPodScheduling(settings.kubernetes.scheduling).manifest,
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: DATA_VOLUME_CLAIM },
            spec: {
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: `${es.diskGiB}Gi` } },
              ...(storageClass ? { storageClassName: storageClass } : {}),
            },
          },
        ],
      },
    ],
  };
}
