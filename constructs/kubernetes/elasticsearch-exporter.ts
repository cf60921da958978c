import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ProviderPodScheduling } from "../../tracing/topology/pod-scheduling";
import { PORTS } from "../../tracing/core/ports";
import { INSTANCE, type PodGroup } from "../../tracing/topology/topology";
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity } from "./pod-security";
import { trustBundleVolume, trustChecksum, type TrustBundle } from "./trust-bundle";

/** `nobody`: the exporter needs no identity of its own. */
const EXPORTER_UID = 65534;
const CA_DIR = "/etc/elasticsearch-ca";

export interface ElasticsearchExporterProps {
  readonly group: PodGroup;
  /** `repository:tag`. */
  readonly image: string;
  readonly elasticsearchUrl: string;
  /** The CAs it trusts for Elasticsearch; read once at start, so a change rolls the pod. */
  readonly trustBundle: TrustBundle;
  /** The monitoring user's name, and the Secret key holding its password. */
  readonly username: string;
  readonly credentials: { readonly secretName: string; readonly key: string };
  /**
   * The generation of the password (`TRACING_CREDENTIALS_GENERATION`): the exporter reads it
   * from the environment once, so the generation in the pod template restarts the exporter
   * whenever a rotation writes a new one. (The password itself never reaches Terraform's
   * configuration or state, not even hashed.)
   */
  readonly credentialsGeneration: string;
  /**
   * Pull secrets, tolerations, node selector and priority class of the pods
   * (tracing/topology/pod-scheduling.ts).
   * @default - none: the cluster's defaults
   */
  readonly scheduling?: ProviderPodScheduling;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * prometheus-community's elasticsearch_exporter: cluster health, disk, heap, thread-pool,
 * indexing, ILM and watermark metrics on :9114, read as a user with only the `monitor` cluster privilege, over verified TLS.
 */
export class ElasticsearchExporter extends Construct {
  readonly service: ServiceV1;

  constructor(scope: Construct, id: string, props: ElasticsearchExporterProps) {
    super(scope, id);
    const { name, namespace, selector } = props.group;
    const labels = { ...selector, "app.kubernetes.io/part-of": INSTANCE, "app.kubernetes.io/managed-by": "terraform" };
    const probe = { tcpSocket: [{ port: "metrics" }], periodSeconds: 15, timeoutSeconds: 3 };
    new DeploymentV1(this, "Deployment", {
      metadata: { name, namespace, labels },
      spec: {
        replicas: "1",
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: {
            labels,
            annotations: { ...trustChecksum(props.trustBundle), "genesis.tracing/credentials-generation": props.credentialsGeneration },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(EXPORTER_UID),
            ...props.scheduling,
            container: [
              {
                name: "exporter",
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                args: [
                  `--es.uri=${props.elasticsearchUrl}`,
                  `--es.ca=${CA_DIR}/ca.crt`,
                  // Every node's stats, not only the one answering (`_local`): the disk alert covers all.
                  "--es.all",
                  // ILM explain and status (TracingElasticsearchIlmErrors), and the disk watermarks
                  // (TracingElasticsearchDiskWatermarkReached): both collectors are off by default.
                  "--collector.ilm",
                  "--collector.clustersettings",
                  `--web.listen-address=:${PORTS.elasticsearchExporter}`,
                ],
                // The exporter reads credentials only from the environment: the password is a
                // reference to the Secret, never a value.
                env: [
                  { name: "ES_USERNAME", value: props.username },
                  { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: props.credentials.secretName, key: props.credentials.key } } },
                ],
                port: [{ name: "metrics", containerPort: PORTS.elasticsearchExporter, protocol: "TCP" }],
                readinessProbe: probe,
                livenessProbe: { ...probe, failureThreshold: 6 },
                resources: containerResources({ cpu: "50m", cpuLimit: "250m", memoryMiB: 64 }),
                securityContext: restrictedContainerSecurity(EXPORTER_UID),
                volumeMount: [{ name: "elasticsearch-ca", mountPath: CA_DIR, readOnly: true }],
              },
            ],
            volume: [trustBundleVolume("elasticsearch-ca", props.trustBundle)],
          },
        },
      },
      dependsOn: props.dependsOn,
    });
    this.service = new ServiceV1(this, "Service", {
      metadata: { name, namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: { ...selector },
        port: [{ name: "metrics", port: PORTS.elasticsearchExporter, targetPort: "metrics", protocol: "TCP", appProtocol: "http" }],
      },
    });
  }
}
