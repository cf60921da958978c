import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { JAEGER_PATHS } from "../../tracing/paths";
import { HEALTH_PATH, PORTS } from "../../tracing/ports";
import { INSTANCE, type PodGroup } from "../../tracing/topology";
import type { ServerCertificate } from "../tls/server-certificate";
import { containerResources, MOUNTED_FILE_MODE, restrictedContainerSecurity, restrictedPodSecurity } from "./pod-security";
import { trustBundleVolume, trustChecksum, type TrustBundle } from "./trust-bundle";

/** The uid:gid the `jaegertracing/jaeger` image runs as. */
const JAEGER_UID = 10001;

export interface JaegerPort {
  readonly name: string;
  readonly port: number;
  /** `appProtocol` of the Service port, so L7 proxies know the backend speaks TLS. */
  readonly appProtocol: string;
}

export interface JaegerWorkloadProps {
  /** Name, namespace and selector labels. */
  readonly group: PodGroup;
  /** `repository:tag` of the Jaeger image. */
  readonly image: string;
  /** Jaeger version, as the `app.kubernetes.io/version` label. */
  readonly version: string;
  /** Rendered Jaeger v2 config of the role. */
  readonly configYaml: string;
  /** Certificate of the role's TLS listeners; renewed in place, re-read by `reload_interval`. */
  readonly certificate: ServerCertificate;
  /** The CAs Jaeger's Elasticsearch client trusts; read once at start, so a change rolls the pods. */
  readonly trustBundle: TrustBundle;
  /** Secret and key holding this role's Elasticsearch password. */
  readonly credentials: { readonly secretName: string; readonly key: string };
  /** Ports served, published by the Service. */
  readonly ports: readonly JaegerPort[];
  readonly replicas: number;
  /**
   * Scale on CPU between `replicas` and this many pods.
   * @default - no autoscaler
   */
  readonly maxReplicas?: number;
  /**
   * @default 512
   */
  readonly memoryMiB?: number;
  /**
   * Extra pod annotations (Prometheus scrape hints).
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** What must exist or have completed first (namespace, Elasticsearch bootstrap). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * One Jaeger v2 role on Kubernetes: its config (ConfigMap), TLS certificate (Secret), a
 * hardened Deployment spread over nodes and zones, a Service, a PodDisruptionBudget and,
 * optionally, a HorizontalPodAutoscaler. A config or trust bundle change rolls the pods
 * (checksum annotations); a renewed certificate does not need to.
 */
export class JaegerWorkload extends Construct {
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;

  constructor(scope: Construct, id: string, props: JaegerWorkloadProps) {
    super(scope, id);
    const { name, namespace, selector } = props.group;
    const labels = {
      ...selector,
      "app.kubernetes.io/version": props.version,
      "app.kubernetes.io/part-of": INSTANCE,
      "app.kubernetes.io/managed-by": "terraform",
    };
    const config = new ConfigMapV1(this, "Config", {
      metadata: { name: `${name}-config`, namespace, labels },
      data: { "config.yaml": props.configYaml },
    });
    const tls = new SecretV1(this, "Tls", {
      metadata: { name: `${name}-tls`, namespace, labels },
      type: "kubernetes.io/tls",
      data: {
        "tls.crt": props.certificate.certificatePem,
        "tls.key": props.certificate.privateKeyPem,
        "ca.crt": props.trustBundle.pem,
      },
    });
    const healthProbe = {
      httpGet: { path: HEALTH_PATH, port: String(PORTS.health), scheme: "HTTP" },
      periodSeconds: 10,
      timeoutSeconds: 3,
    };
    const spread = (topologyKey: string) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: [{ matchLabels: { ...selector } }],
    });

    this.deployment = new DeploymentV1(this, "Deployment", {
      metadata: { name, namespace, labels },
      spec: {
        replicas: String(props.replicas),
        selector: { matchLabels: { ...selector } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0", maxSurge: "1" } },
        template: {
          metadata: {
            labels,
            annotations: {
              ...props.podAnnotations,
              "checksum/config": createHash("sha256").update(props.configYaml).digest("hex"),
              ...trustChecksum(props.trustBundle),
            },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(JAEGER_UID),
            topologySpreadConstraint: [spread("kubernetes.io/hostname"), spread("topology.kubernetes.io/zone")],
            container: [
              {
                name: "jaeger",
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                args: ["--config", JAEGER_PATHS.configFile],
                port: [...props.ports, { name: "health", port: PORTS.health }].map((p) => ({
                  name: p.name,
                  containerPort: p.port,
                  protocol: "TCP",
                })),
                readinessProbe: { ...healthProbe, failureThreshold: 3 },
                livenessProbe: { ...healthProbe, initialDelaySeconds: 10, failureThreshold: 6 },
                resources: containerResources({ cpu: "250m", cpuLimit: "1", memoryMiB: props.memoryMiB ?? 512 }),
                securityContext: restrictedContainerSecurity(JAEGER_UID),
                volumeMount: [
                  { name: "config", mountPath: JAEGER_PATHS.configDir, readOnly: true },
                  { name: "tls", mountPath: JAEGER_PATHS.tlsDir, readOnly: true },
                  { name: "elasticsearch-ca", mountPath: JAEGER_PATHS.elasticsearchCaDir, readOnly: true },
                  { name: "elasticsearch-credentials", mountPath: JAEGER_PATHS.elasticsearchCredentialsDir, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            // Whole-directory mounts (no subPath), so renewed Secrets reach the files in place.
            volume: [
              { name: "config", configMap: { name: config.metadata.name, defaultMode: MOUNTED_FILE_MODE } },
              {
                name: "tls",
                secret: {
                  secretName: tls.metadata.name,
                  defaultMode: MOUNTED_FILE_MODE,
                  items: [
                    { key: "tls.crt", path: "tls.crt" },
                    { key: "tls.key", path: "tls.key" },
                  ],
                },
              },
              trustBundleVolume("elasticsearch-ca", props.trustBundle),
              {
                name: "elasticsearch-credentials",
                secret: {
                  secretName: props.credentials.secretName,
                  defaultMode: MOUNTED_FILE_MODE,
                  items: [{ key: props.credentials.key, path: "password" }],
                },
              },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            ],
          },
        },
      },
      dependsOn: props.dependsOn,
      // The autoscaler owns the replica count once it exists.
      lifecycle: props.maxReplicas !== undefined ? { ignoreChanges: ["spec[0].replicas"] } : undefined,
    });

    this.service = new ServiceV1(this, "Service", {
      metadata: { name, namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: { ...selector },
        port: props.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.name,
          protocol: "TCP",
          appProtocol: p.appProtocol,
        })),
      },
    });

    new PodDisruptionBudgetV1(this, "DisruptionBudget", {
      metadata: { name, namespace, labels },
      spec: { minAvailable: "1", selector: { matchLabels: { ...selector } } },
    });

    if (props.maxReplicas !== undefined) {
      new HorizontalPodAutoscalerV2(this, "Autoscaler", {
        metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
          minReplicas: props.replicas,
          maxReplicas: props.maxReplicas,
          metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
        },
      });
    }
  }
}
