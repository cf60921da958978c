import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { literalText } from "../terraform-text";
import { GATEWAY_PATHS, JAEGER_PATHS } from "../../tracing/core/paths";
import type { ProviderPodScheduling } from "../../tracing/topology/pod-scheduling";
import { HEALTH_PATH, PORTS } from "../../tracing/core/ports";
import { INSTANCE, type PodGroup } from "../../tracing/topology/topology";
import type { ServerCertificate } from "../tls/server-certificate";
import { containerResources, MOUNTED_FILE_MODE, restrictedContainerSecurity, restrictedPodSecurity } from "./pod-security";
import { trustBundleVolume, trustChecksum, type TrustBundle } from "./trust-bundle";

/**
 * The uid:gid both images run as: `jaegertracing/jaeger`, and `otel/opentelemetry-collector-contrib`
 * (opentelemetry-collector-releases distributions/otelcol-contrib/Dockerfile: `USER 10001:10001`).
 */
const COLLECTOR_UID = 10001;

/** Where the process finds its files; each kind is a directory, mounted whole. */
export interface WorkloadPaths {
  readonly configDir: string;
  readonly configFile: string;
  readonly tlsDir: string;
  /** The trust bundle: the CAs of the servers this process connects to. */
  readonly trustDir: string;
  /** Volume name of the trust bundle (kept per role, so existing pods do not roll for a rename). */
  readonly trustVolume: string;
}

/** The files of a Jaeger role (tracing/core/paths.ts), with the volume name its pods have always had. */
const JAEGER_WORKLOAD_PATHS: WorkloadPaths = {
  configDir: JAEGER_PATHS.configDir,
  configFile: JAEGER_PATHS.configFile,
  tlsDir: JAEGER_PATHS.tlsDir,
  trustDir: JAEGER_PATHS.elasticsearchCaDir,
  trustVolume: "elasticsearch-ca",
};

/** The gateway's files (the contrib image's, tracing/core/paths.ts). */
export const GATEWAY_WORKLOAD_PATHS: WorkloadPaths = {
  configDir: GATEWAY_PATHS.configDir,
  configFile: GATEWAY_PATHS.configFile,
  tlsDir: GATEWAY_PATHS.tlsDir,
  trustDir: GATEWAY_PATHS.trustDir,
  trustVolume: "trust",
};

export interface WorkloadPort {
  readonly name: string;
  readonly port: number;
  /** `appProtocol` of the Service port, so L7 proxies know the backend speaks TLS. */
  readonly appProtocol: string;
}

/** One Secret's keys as files in one directory. */
export interface SecretFiles {
  /** Pod volume name. */
  readonly volume: string;
  readonly secretName: string;
  readonly keys: readonly string[];
  readonly mountPath: string;
}

export interface CollectorWorkloadProps {
  /** Name, namespace and selector labels. */
  readonly group: PodGroup;
  /** `repository:tag` of the image. */
  readonly image: string;
  /** Its version, as the `app.kubernetes.io/version` label. */
  readonly version: string;
  /** Rendered collector-format config of the role. */
  readonly configYaml: string;
  /** @default "jaeger" */
  readonly containerName?: string;
  /** @default - JAEGER_PATHS: the Jaeger image's files */
  readonly paths?: WorkloadPaths;
  /**
   * Extra Services: a headless one lists every ready pod in DNS (the gateway's resolver).
   * @default - the ClusterIP Service only
   */
  readonly headlessService?: { readonly name: string; readonly ports: readonly string[] };
  /**
   * A stopping pod first keeps serving for `sleepSeconds` (a pre-stop `sleep`, which the
   * Alpine-based Jaeger image has), so clients that route to it by DNS stop first; then it
   * has the rest of `terminationGracePeriodSeconds` to shut down in order.
   * @default - no pre-stop hook, Kubernetes' 30 s grace
   */
  readonly drain?: { readonly sleepSeconds: number; readonly terminationGracePeriodSeconds: number };
  /**
   * Certificate of the role's TLS listeners, renewed in place and re-read by `reload_interval`:
   * one the stack issues (placed in a Secret of this construct's), or the Secret cert-manager
   * writes (`tls.crt`, `tls.key`; it must be created before the Deployment, see `dependsOn`).
   */
  readonly certificate: ServerCertificate | { readonly secretName: string };
  /** The CAs its clients trust (Elasticsearch's, the collectors'); read once at start, so a change rolls the pods. */
  readonly trustBundle: TrustBundle;
  /**
   * Secret and key holding this role's Elasticsearch password.
   * @default - no Elasticsearch user (the gateway)
   */
  readonly credentials?: { readonly secretName: string; readonly key: string };
  /**
   * Further Secrets of the namespace mounted read-only as files (whole directories, so a
   * changed Secret reaches the files in place), e.g. the Monitor tab's Prometheus CA and token.
   * @default - none
   */
  readonly secretFiles?: readonly SecretFiles[];
  /**
   * Environment variables from Secret keys, for a config that reads a credential as
   * `${env:NAME}` where it takes no file.
   * @default - none
   */
  readonly secretEnvironment?: Readonly<Record<string, { readonly secretName: string; readonly key: string }>>;
  /** Ports served, published by the Service. */
  readonly ports: readonly WorkloadPort[];
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
   * Pull secrets, tolerations, node selector and priority class of the pods
   * (tracing/topology/pod-scheduling.ts).
   * @default - none: the cluster's defaults
   */
  readonly scheduling?: ProviderPodScheduling;
  /** What must exist or have completed first (namespace, Elasticsearch bootstrap). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * One OpenTelemetry-Collector-based role on Kubernetes (a Jaeger v2 role, or the contrib
 * gateway): its config (ConfigMap), TLS certificate (a Secret of its own, or cert-manager's), a
 * hardened Deployment spread over nodes and zones, a Service, a PodDisruptionBudget and,
 * optionally, a HorizontalPodAutoscaler. A config or trust bundle change rolls the pods
 * (checksum annotations); a renewed certificate does not need to.
 */
export class CollectorWorkload extends Construct {
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;

  constructor(scope: Construct, id: string, props: CollectorWorkloadProps) {
    super(scope, id);
    const { name, namespace, selector } = props.group;
    const paths = props.paths ?? JAEGER_WORKLOAD_PATHS;
    const labels = {
      ...selector,
      "app.kubernetes.io/version": props.version,
      "app.kubernetes.io/part-of": INSTANCE,
      "app.kubernetes.io/managed-by": "terraform",
    };
    const config = new ConfigMapV1(this, "Config", {
      metadata: { name: `${name}-config`, namespace, labels },
      // Literally: a config's `${env:…}` is the collector's to expand, not Terraform's.
      data: { "config.yaml": literalText(props.configYaml) },
    });
    const certificate = props.certificate;
    const tlsSecretName =
      "secretName" in certificate
        ? certificate.secretName
        : new SecretV1(this, "Tls", {
            metadata: { name: `${name}-tls`, namespace, labels },
            type: "kubernetes.io/tls",
            data: {
              "tls.crt": certificate.certificatePem,
              "tls.key": certificate.privateKeyPem,
              "ca.crt": props.trustBundle.pem,
            },
          }).metadata.name;
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
              "checksum/config": createHash("sha256").update(props.configYaml).digest("hex"),
              ...trustChecksum(props.trustBundle),
            },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(COLLECTOR_UID),
            ...props.scheduling,
            ...(props.drain ? { terminationGracePeriodSeconds: props.drain.terminationGracePeriodSeconds } : {}),
            topologySpreadConstraint: [spread("kubernetes.io/hostname"), spread("topology.kubernetes.io/zone")],
            container: [
              {
                name: props.containerName ?? "jaeger",
                image: props.image,
                imagePullPolicy: "IfNotPresent",
                args: ["--config", paths.configFile],
                port: [...props.ports, { name: "health", port: PORTS.health }].map((p) => ({
                  name: p.name,
                  containerPort: p.port,
                  protocol: "TCP",
                })),
                ...(props.drain ? { lifecycle: { preStop: [{ exec: { command: ["/bin/sleep", String(props.drain.sleepSeconds)] } }] } } : {}),
                readinessProbe: { ...healthProbe, failureThreshold: 3 },
                livenessProbe: { ...healthProbe, initialDelaySeconds: 10, failureThreshold: 6 },
                resources: containerResources({ cpu: "250m", cpuLimit: "1", memoryMiB: props.memoryMiB ?? 512 }),
                securityContext: restrictedContainerSecurity(COLLECTOR_UID),
                ...(props.secretEnvironment && Object.keys(props.secretEnvironment).length > 0
                  ? {
                      env: Object.entries(props.secretEnvironment).map(([name, ref]) => ({
                        name,
                        valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } },
                      })),
                    }
                  : {}),
                volumeMount: [
                  { name: "config", mountPath: paths.configDir, readOnly: true },
                  { name: "tls", mountPath: paths.tlsDir, readOnly: true },
                  { name: paths.trustVolume, mountPath: paths.trustDir, readOnly: true },
                  ...(props.credentials ? [{ name: "elasticsearch-credentials", mountPath: JAEGER_PATHS.elasticsearchCredentialsDir, readOnly: true }] : []),
                  ...(props.secretFiles ?? []).map((f) => ({ name: f.volume, mountPath: f.mountPath, readOnly: true })),
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
                  secretName: tlsSecretName,
                  defaultMode: MOUNTED_FILE_MODE,
                  items: [
                    { key: "tls.crt", path: "tls.crt" },
                    { key: "tls.key", path: "tls.key" },
                  ],
                },
              },
              trustBundleVolume(paths.trustVolume, props.trustBundle),
              ...(props.credentials
                ? [
                    {
                      name: "elasticsearch-credentials",
                      secret: {
                        secretName: props.credentials.secretName,
                        defaultMode: MOUNTED_FILE_MODE,
                        items: [{ key: props.credentials.key, path: "password" }],
                      },
                    },
                  ]
                : []),
              ...(props.secretFiles ?? []).map((f) => ({
                name: f.volume,
                secret: { secretName: f.secretName, defaultMode: MOUNTED_FILE_MODE, items: f.keys.map((key) => ({ key, path: key })) },
              })),
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

    if (props.headlessService) {
      const served = new Set(props.headlessService.ports);
      new ServiceV1(this, "HeadlessService", {
        metadata: { name: props.headlessService.name, namespace, labels },
        spec: {
          clusterIp: "None",
          // Only ready pods: a starting or stopping one must not be given traces.
          publishNotReadyAddresses: false,
          selector: { ...selector },
          port: props.ports
            .filter((p) => served.has(p.name))
            .map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: "TCP", appProtocol: p.appProtocol })),
        },
      });
    }

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
