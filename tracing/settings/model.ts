/**
 * The settings model of the tracing backend: what a stack is built from. Types and the closed
 * sets of values only; it imports nothing, so every layer can depend on it. Defaults and the
 * variables are the schema's (`schema.ts`), not repeated here.
 */
export const STACK_NAMES = ["local", "prod"] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** Values of the Genesis `ENVIRONMENT` variable, published as `deployment.environment`. */
export const DEPLOYMENT_ENVIRONMENTS = ["local", "development", "staging", "production"] as const;
export type DeploymentEnvironment = (typeof DEPLOYMENT_ENVIRONMENTS)[number];

/** The word that switches client tracing off (the guide's emergency switch). */
export const OTLP_DISABLED = "disabled";

export interface ContainerImage {
  /** `[registry[:port]/]path`, a mirror's or the publisher's. */
  readonly repository: string;
  /** An exact version; `latest` (in any case) and empty tags are rejected. */
  readonly tag: string;
  /** `sha256:<hex>` content digest the image is pulled by, or "" to pull by tag. */
  readonly digest: string;
}

/**
 * Where the guide's sampling policy is applied. `sdk`: the Genesis tracer samples in process
 * (head sampling plus its own rules). `collector`: the SDK exports every span (or a head
 * share) and the collectors keep whole traces by the policy (tail sampling).
 */
export const SAMPLING_MODES = ["sdk", "collector"] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

export interface SamplingSettings {
  readonly mode: SamplingMode;
  /** The guide's base rate: the share of all other traces kept (`TRACE_SAMPLING_RATE` in `sdk` mode). */
  readonly baseRate: number;
  /** `collector` mode: the share of traces the SDK exports at all; 1 exports every span. */
  readonly headRate: number;
  /**
   * Span-name patterns of critical operations (`*` matches any run of characters); a trace
   * with such a span is kept at `criticalOperationRate`.
   */
  readonly criticalOperations: readonly string[];
  /** A span attribute that also marks an operation critical, `key=value`; none when empty. */
  readonly criticalAttribute: string;
  /**
   * `collector` mode: spans per second the services emit at full load before sampling; sizes
   * the gateway and the collectors' tail-sampling buffer (tracing/pipeline/tail-sampling.ts).
   */
  readonly designSpansPerSecond: number;
  /** `collector` mode: the longest a trace lasts, first span start to last span end. */
  readonly longestTraceSeconds: number;
  /** Share of traces with an error that the Genesis tracer keeps. */
  readonly errorRate: number;
  /** Share of slow operations that the Genesis tracer keeps. */
  readonly slowOperationRate: number;
  /** Duration above which an operation counts as slow. */
  readonly slowOperationThresholdMs: number;
  /** Share of operations marked critical that the Genesis tracer keeps. */
  readonly criticalOperationRate: number;
}

export interface ElasticsearchSettings {
  /** Elasticsearch nodes. */
  readonly nodeCount: number;
  /** JVM heap, `-Xms` = `-Xmx`. The guide's minimum. */
  readonly heapMiB: number;
  /** Container memory limit; the heap may use at most half of it. */
  readonly memoryLimitMiB: number;
  /** Data volume per node. */
  readonly diskGiB: number;
  /** Expected primary data written per day at full load (the guide: ~1 GB). */
  readonly dailyVolumeGiB: number;
  /** Replicas per Jaeger index; must leave the cluster green. */
  readonly replicas: number;
  /** Primary shards per Jaeger index (Jaeger's default of 5 is wasteful at ~1 GB/day). */
  readonly shards: number;
}

export interface BatchSpanProcessorSettings {
  /** `OTEL_BSP_SCHEDULE_DELAY`. */
  readonly scheduleDelayMs: number;
  /** `OTEL_BSP_EXPORT_TIMEOUT`. */
  readonly exportTimeoutMs: number;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`. */
  readonly maxQueueSize: number;
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`; at most the queue size. */
  readonly maxExportBatchSize: number;
}

export interface SdkSettings {
  /** `OTEL_SERVICE_NAME` in the published SDK environment. */
  readonly serviceName: string;
  /** `service.version` resource attribute. */
  readonly serviceVersion: string;
  /** `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`: the guide keeps attributes under 1 KB. */
  readonly attributeValueLengthLimit: number;
  readonly batchSpanProcessor: BatchSpanProcessorSettings;
}

export interface CollectorSettings {
  /**
   * Spans per second the collectors store at full load, all replicas together; sizes the
   * storage queue (tracing/pipeline/storage-queue.ts). The guide's ~1 GiB/day of stored spans at
   * ~1 KiB per span is 1 GiB / 1 KiB / 86 400 s ≈ 12 spans/s on average; trading traffic
   * crowds into market hours and bursts at the open and close, so the design rate is four
   * times that, rounded up.
   */
  readonly designSpansPerSecond: number;
  /** Memory limit of each collector container (the memory limiter works in % of it). */
  readonly memoryLimitMiB: number;
}

/** The OpenTelemetry Collector gateway in front of the collectors (`collector` sampling mode, prod). */
export interface GatewaySettings {
  /** Memory limit of each gateway container; its export queue must fit a quarter of it. */
  readonly memoryLimitMiB: number;
}

/**
 * The two slots a stack's CA can live in. Replacing the CA moves it to the other slot, so that
 * for a while both exist and every client trusts both (docs/operations.md#replacing-the-ca).
 */
export const CA_SLOTS = ["blue", "green"] as const;
export type CaSlot = (typeof CA_SLOTS)[number];

/**
 * Who issues and renews the prod server certificates. `terraform`: the tls provider, renewed by
 * a deploy inside the renewal window. `cert-manager`: cert-manager `Certificate` objects,
 * renewed in the cluster with no deploy (docs/security.md#certificates-prod).
 */
export const CERTIFICATE_MODES = ["terraform", "cert-manager"] as const;
export type CertificateMode = (typeof CERTIFICATE_MODES)[number];

/** The kinds of cert-manager issuer a `TRACING_CERT_ISSUER` reference may name. */
export const ISSUER_KINDS = ["Issuer", "ClusterIssuer"] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

export interface CertificateSettings {
  /** Who issues and renews the server certificates (prod; local always uses `terraform`). */
  readonly mode: CertificateMode;
  /**
   * `cert-manager` mode: an issuer the cluster already has, `Issuer/<name>` (in the tracing
   * namespace) or `ClusterIssuer/<name>`; empty for the stack's own CA Issuers.
   */
  readonly issuer: string;
  /**
   * PEM file (relative to the project root, or absolute) of the CAs the named issuer signs
   * with; every client trusts them besides the stack's CAs. Read with the settings, never by
   * a construct.
   */
  readonly issuerCaFile: string;
  /** The certificates of `issuerCaFile` (derived: the file's PEM blocks, as read). */
  readonly issuerCaPem: string;
  /** Lifetime of each CA the stack creates. */
  readonly caValidityDays: number;
  /**
   * Every plan warns (a Terraform check) once the signing CA is within this many days of its
   * expiry: time to replace it. A CA is never replaced by a plain deploy.
   */
  readonly caRenewBeforeDays: number;
  /** The CA slot that signs every server certificate. */
  readonly signingAuthority: CaSlot;
  /** The CA slots every client trusts; includes the signing one. */
  readonly trustedAuthorities: readonly CaSlot[];
  /** Lifetime of server certificates. */
  readonly leafValidityDays: number;
  /** Server certificates are replaced on the first deploy within this window (1/3 of life). */
  readonly leafRenewBeforeDays: number;
}

/** Where Terraform keeps a stack's state; every remote kind keys the state by stack name. */
export type StateBackendSettings =
  | { readonly kind: "local" }
  | { readonly kind: "s3"; readonly bucket: string; readonly keyPrefix: string; readonly region: string }
  | { readonly kind: "gcs"; readonly bucket: string; readonly prefix: string }
  | { readonly kind: "kubernetes"; readonly namespace: string; readonly secretSuffix: string };

export interface IngressSettings {
  /** Host name the Ingress serves the UI on; no Ingress when empty. */
  readonly host: string;
  /** IngressClass. */
  readonly className: string;
  /** Secret (in the tracing namespace) with the certificate for `host`. */
  readonly tlsSecretName: string;
  /** Namespace of the ingress controller, allowed to reach the query service. */
  readonly controllerNamespace: string;
  /**
   * URL of an external authentication service (e.g. oauth2-proxy's `/oauth2/auth`) that must
   * approve every UI request; required with a host.
   */
  readonly authUrl: string;
  /** Where unauthenticated users are sent to sign in (e.g. oauth2-proxy's `/oauth2/start`). */
  readonly authSignInUrl: string;
}

/** The guide's alert thresholds ("Monitoring Trace System Health", "Alerting on Traces"). */
export interface AlertSettings {
  /** PromQL label matchers that pick this backend's series. */
  readonly selector: string;
  /** Alert when no span arrived for this long (traces per minute must stay > 0). */
  readonly noTracesMinutes: number;
  /** Share of spans the collector fails to store. */
  readonly exportFailureRatio: number;
  /** Share of spans refused or dropped before storage. */
  readonly spanDropRatio: number;
  /** p99 time spent in the collector's processors. */
  readonly collectorLatencyMs: number;
  /** p99 duration of traced server operations. */
  readonly operationLatencyP99Ms: number;
  /** Used share of an Elasticsearch data disk (the low watermark is 0.85). */
  readonly diskUsedRatio: number;
  /** Used share of an Elasticsearch node's JVM heap, held for 15 minutes (garbage collection keeps it lower). */
  readonly heapUsedRatio: number;
}

/** Who runs the ECK operator that manages the tracing namespace. */
export const ECK_OPERATOR_MODES = ["install", "existing"] as const;
export type EckOperatorMode = (typeof ECK_OPERATOR_MODES)[number];

/**
 * The cluster's DNS server pods, which every tracing pod may reach. NetworkPolicies match the
 * pod and its container port after the Service's port mapping, so `port` is what the DNS
 * pods listen on (OpenShift's listen on 5353 behind a Service on 53). A DNS cache on the
 * host network (NodeLocal DNSCache) is not a pod a selector matches: `nodeLocalAddress` lets
 * the pods reach it by address.
 */
export interface DnsPeerSettings {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /**
   * Labels that select the DNS pods (all must match); at least one.
   */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Port the DNS pods listen on, allowed over UDP and TCP. */
  readonly port: number;
  /**
   * IPv4 address the node-local DNS cache answers on, allowed on `port` besides the DNS pods
   * (NodeLocal DNSCache's link-local 169.254.20.10, or the kube-dns ClusterIP where it
   * intercepts that).
   */
  readonly nodeLocalAddress: string;
}

/** Taint effects a toleration may name (Kubernetes `TaintEffect`). */
export const TOLERATION_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
export type TolerationEffect = (typeof TOLERATION_EFFECTS)[number];

/**
 * One toleration of a node taint. Always a key and an effect: a toleration without either
 * tolerates every taint, which would undo the cluster's node isolation.
 */
export interface Toleration {
  readonly key: string;
  /** `Equal` when a value is given, `Exists` otherwise. */
  readonly operator: "Equal" | "Exists";
  /** The taint's value (`Equal` only). */
  readonly value?: string;
  readonly effect: TolerationEffect;
  /** `NoExecute` only: how long the pod stays on a node after the taint appears. */
  readonly tolerationSeconds?: number;
}

/**
 * What every pod of the prod stack gets in order to be pulled and placed: ours (collector,
 * query, gateway, bootstrap Job, exporter), the Elasticsearch nodes and the ECK operator.
 * Empty means the cluster's defaults, and adds nothing to any pod.
 */
export interface PodSchedulingSettings {
  /**
   * Secrets (`kubernetes.io/dockerconfigjson`) to pull images with; each must exist in the
   * tracing namespace and, for the ECK operator, in its namespace.
   */
  readonly imagePullSecrets: readonly string[];
  /** Node labels a pod's node must carry. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** PriorityClass of every pod; "" for the cluster's default. */
  readonly priorityClassName: string;
}

export interface KubernetesSettings {
  /** kubeconfig file the providers use, or `in-cluster` for the pod's service account. */
  readonly kubeconfig: string;
  /** kubeconfig context. */
  readonly context: string;
  /** Namespace of the tracing backend (Pod Security `restricted`). */
  readonly namespace: string;
  /** Namespaces of the Genesis services that get the SDK ConfigMaps and may send OTLP. */
  readonly clientNamespaces: readonly string[];
  /** Namespace of Prometheus, allowed to scrape the metrics ports. */
  readonly monitoringNamespace: string;
  /**
   * `install`: the stack installs ECK (operator and CRDs) with Helm. `existing`: an ECK the
   * cluster already runs (>= 3.0, managing the tracing namespace) is used, and no operator
   * release is created.
   */
  readonly eckOperator: EckOperatorMode;
  /** Namespace the ECK operator runs in (installed there, or found there). */
  readonly eckOperatorNamespace: string;
  /** Helm repository the ECK charts are installed from: Elastic's, or a mirror of it. */
  readonly helmRepository: string;
  /**
   * Let prod keep its Terraform state in a local file (plaintext, unlocked, on one laptop).
   * Off, a plan of prod with the local backend fails.
   */
  readonly allowLocalState: boolean;
  /**
   * Let Terraform destroy or replace the tracing namespace and the Elasticsearch release, and so
   * every stored trace. Off, `cdktf destroy prod` and any plan that would do so fail.
   */
  readonly allowDataDestroy: boolean;
  /** Name of the Elasticsearch resource (ECK names services and secrets after it). */
  readonly elasticsearchName: string;
  /** StorageClass of the Elasticsearch volumes. */
  readonly storageClassName: string;
  /** Collector replicas; the autoscaler moves between this and `collectorMaxReplicas`. */
  readonly collectorReplicas: number;
  readonly collectorMaxReplicas: number;
  readonly queryReplicas: number;
  /** Gateways (`collector` sampling mode); the autoscaler moves between this and `gatewayMaxReplicas`. */
  readonly gatewayReplicas: number;
  readonly gatewayMaxReplicas: number;
  readonly ingress: IngressSettings;
  /** The Prometheus query's Monitor tab reads. */
  readonly prometheus: PrometheusSettings;
  /** The cluster DNS every tracing pod may query. */
  readonly dns: DnsPeerSettings;
  /**
   * The Prometheus Operator's CRDs are installed: ship ServiceMonitors, a PrometheusRule and the
   * ECK operator's PodMonitor. Otherwise the rules go in a ConfigMap, and the scrape job to paste
   * is rendered (tracing/monitoring/scrape-config.ts).
   */
  readonly prometheusOperator: boolean;
  /**
   * Labels on the PrometheusRule, ServiceMonitors and ECK PodMonitor, for the Prometheus'
   * `ruleSelector`, `serviceMonitorSelector` and `podMonitorSelector` (kube-prometheus-stack
   * selects `release: <its release name>`).
   */
  readonly prometheusSelectorLabels: Readonly<Record<string, string>>;
  /** Pull secrets, node selector, tolerations and priority class of every prod pod. */
  readonly scheduling: PodSchedulingSettings;
}

/**
 * The cluster's Prometheus, which query's Monitor tab reads (prod). Credentials are Secrets
 * of the tracing namespace, named here and mounted into query: never in state or a ConfigMap.
 */
export interface PrometheusSettings {
  /** Its HTTP API; "" leaves the Monitor tab off. */
  readonly url: string;
  /** Secret with `ca.crt`, which verifies an https URL; "" for the system's CAs. */
  readonly caSecret: string;
  /** Secret with `token`, sent as a bearer token; "" for none. */
  readonly tokenSecret: string;
  /** Secret with `username` and `password` (type `kubernetes.io/basic-auth`), sent as basic auth; "" for none. */
  readonly basicAuthSecret: string;
  /** Port of the Prometheus pods (the Service's targetPort), which query's NetworkPolicy allows. */
  readonly podPort: number;
  /** Labels of the Prometheus pods, which query's NetworkPolicy names; empty: any pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The ports the local stack publishes on 127.0.0.1 (each container listens on its usual one). */
export interface HostPortSettings {
  readonly otlpGrpc: number;
  readonly otlpHttp: number;
  readonly queryHttp: number;
  readonly elasticsearchHttp: number;
  readonly metrics: number;
  readonly spanMetrics: number;
  readonly prometheus: number;
}

export interface TracingSettings {
  readonly stack: StackName;
  /** `ENVIRONMENT` / `deployment.environment`. */
  readonly environment: DeploymentEnvironment;
  /** False when `OTLP_ENDPOINT=disabled`: clients get `OTEL_SDK_DISABLED=true`. */
  readonly tracingEnabled: boolean;
  /** OTLP endpoint the client services export to. */
  readonly otlpEndpoint: string;
  /** `OTLP_SECURE`; the collector accepts TLS only, so this must stay true. */
  readonly otlpSecure: boolean;
  /** Where people open the Jaeger UI. */
  readonly jaegerUiUrl: string;
  readonly sampling: SamplingSettings;
  /** Days traces are kept before ILM deletes them (`TRACE_RETENTION_DAYS`). */
  readonly retentionDays: number;
  /** Prefix of every Jaeger index, alias, template and ILM policy. */
  readonly indexPrefix: string;
  /**
   * Generation of the Elasticsearch passwords of the Jaeger users (writer, reader, monitor):
   * any new value rotates all three on the next deploy.
   */
  readonly credentialsGeneration: string;
  readonly images: {
    readonly jaeger: ContainerImage;
    /** Always the Jaeger version. */
    readonly esRollover: ContainerImage;
    /** The version ECK 3.5.0's eck-elasticsearch chart 0.20.0 deploys. */
    readonly elasticsearch: ContainerImage;
    /** prometheus-community's exporter (prod). */
    readonly elasticsearchExporter: ContainerImage;
    /** The OpenTelemetry Collector contrib distribution the gateway runs (prod, `collector` mode). */
    readonly gateway: ContainerImage;
    /** The ECK operator (prod, `install`); always the version of the pinned eck-operator chart. */
    readonly eckOperator: ContainerImage;
    /** The local stack's Prometheus, which the Monitor tab reads (local). */
    readonly prometheus: ContainerImage;
  };
  readonly elasticsearch: ElasticsearchSettings;
  readonly sdk: SdkSettings;
  readonly collector: CollectorSettings;
  readonly gateway: GatewaySettings;
  readonly certificates: CertificateSettings;
  /** Span attribute keys the collector deletes before storage (the guide: no secrets or PII). */
  readonly redactedAttributeKeys: readonly string[];
  readonly alerts: AlertSettings;
  /** Ports on the laptop (local stack only). */
  readonly hostPorts: HostPortSettings;
  readonly stateBackend: StateBackendSettings;
  /** Cluster access and layout; used by the prod stack. */
  readonly kubernetes: KubernetesSettings;
}
