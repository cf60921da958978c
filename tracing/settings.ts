/**
 * The one settings model of the tracing backend. Every stack is built from a
 * `TracingSettings` that `resolveSettings` produced: defaults for the stack, overridden
 * from the environment, validated once. Nothing else reads the environment.
 */
import { validateSettings, SettingsError, type SettingsProblem } from "./validation";

export const STACK_NAMES = ["local", "prod"] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** Values of the Genesis `ENVIRONMENT` variable, published as `deployment.environment`. */
export const DEPLOYMENT_ENVIRONMENTS = ["local", "development", "staging", "production"] as const;
export type DeploymentEnvironment = (typeof DEPLOYMENT_ENVIRONMENTS)[number];

/** The word that switches client tracing off (the guide's emergency switch). */
export const OTLP_DISABLED = "disabled";

export interface ContainerImage {
  readonly repository: string;
  /** An exact version; `latest` and empty tags are rejected. */
  readonly tag: string;
}

export interface SamplingSettings {
  /** SDK head-sampling ratio (`TRACE_SAMPLING_RATE`). @default 0.01 */
  readonly baseRate: number;
  /** Share of traces with an error that the Genesis tracer keeps. @default 1.0 */
  readonly errorRate: number;
  /** Share of slow operations that the Genesis tracer keeps. @default 1.0 */
  readonly slowOperationRate: number;
  /** Duration above which an operation counts as slow. @default 100 */
  readonly slowOperationThresholdMs: number;
  /** Share of operations marked critical that the Genesis tracer keeps. @default 0.1 */
  readonly criticalOperationRate: number;
}

export interface ElasticsearchSettings {
  /** Elasticsearch nodes. @default 1 locally, 3 in prod */
  readonly nodeCount: number;
  /** JVM heap, `-Xms` = `-Xmx`. The guide's minimum. @default 2048 */
  readonly heapMiB: number;
  /** Container memory limit; the heap may use at most half of it. @default 4096 */
  readonly memoryLimitMiB: number;
  /** Data volume per node. @default 10 locally, 30 in prod */
  readonly diskGiB: number;
  /** Expected primary data written per day at full load (the guide: ~1 GB). @default 1 */
  readonly dailyVolumeGiB: number;
  /** Replicas per Jaeger index; must leave the cluster green. @default 0 locally, 1 in prod */
  readonly replicas: number;
  /** Primary shards per Jaeger index (Jaeger's default of 5 is wasteful at ~1 GB/day). @default 1 */
  readonly shards: number;
}

export interface BatchSpanProcessorSettings {
  /** `OTEL_BSP_SCHEDULE_DELAY`. @default 5000 */
  readonly scheduleDelayMs: number;
  /** `OTEL_BSP_EXPORT_TIMEOUT`. @default 30000 */
  readonly exportTimeoutMs: number;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`. @default 2048 */
  readonly maxQueueSize: number;
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`; at most the queue size. @default 512 */
  readonly maxExportBatchSize: number;
}

export interface SdkSettings {
  /** `OTEL_SERVICE_NAME` in the published SDK environment. @default "genesis-service" */
  readonly serviceName: string;
  /** `service.version` resource attribute. @default "0.0.0" */
  readonly serviceVersion: string;
  /** `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`: the guide keeps attributes under 1 KB. @default 1024 */
  readonly attributeValueLengthLimit: number;
  readonly batchSpanProcessor: BatchSpanProcessorSettings;
}

export interface CollectorSettings {
  /**
   * Spans per second the collectors must take at full load, all replicas together; sizes the
   * storage queue (tracing/storage-queue.ts). The guide's ~1 GiB/day of stored spans at
   * ~1 KiB per span is 1 GiB / 1 KiB / 86 400 s ≈ 12 spans/s on average; trading traffic
   * crowds into market hours and bursts at the open and close, so the design rate is four
   * times that, rounded up.
   * @default 50
   */
  readonly designSpansPerSecond: number;
  /** Memory limit of each collector container (the memory limiter works in % of it). @default 512 */
  readonly memoryLimitMiB: number;
}

/**
 * The two slots a stack's CA can live in. Replacing the CA moves it to the other slot, so that
 * for a while both exist and every client trusts both (README: "Replacing the CA").
 */
export const CA_SLOTS = ["blue", "green"] as const;
export type CaSlot = (typeof CA_SLOTS)[number];

export interface CertificateSettings {
  /** Lifetime of each CA the stack creates. @default 1095 (3 years) */
  readonly caValidityDays: number;
  /**
   * Every plan warns (a Terraform check) once the signing CA is within this many days of its
   * expiry: time to replace it. A CA is never replaced by a plain deploy. @default 365
   */
  readonly caRenewBeforeDays: number;
  /** The CA slot that signs every server certificate. @default "blue" */
  readonly signingAuthority: CaSlot;
  /** The CA slots every client trusts; includes the signing one. @default ["blue"] */
  readonly trustedAuthorities: readonly CaSlot[];
  /** Lifetime of server certificates. @default 90 */
  readonly leafValidityDays: number;
  /** Server certificates are replaced on the first deploy within this window (1/3 of life). @default 30 */
  readonly leafRenewBeforeDays: number;
}

/** Where Terraform keeps a stack's state; every remote kind keys the state by stack name. */
export type StateBackendSettings =
  | { readonly kind: "local" }
  | { readonly kind: "s3"; readonly bucket: string; readonly keyPrefix: string; readonly region: string }
  | { readonly kind: "gcs"; readonly bucket: string; readonly prefix: string }
  | { readonly kind: "kubernetes"; readonly namespace: string; readonly secretSuffix: string };

export interface IngressSettings {
  /** Host name the Ingress serves the UI on; no Ingress when empty. @default "" (no public exposure) */
  readonly host: string;
  /** IngressClass. @default "nginx" */
  readonly className: string;
  /** Secret (in the tracing namespace) with the certificate for `host`. @default "jaeger-ui-tls" */
  readonly tlsSecretName: string;
  /** Namespace of the ingress controller, allowed to reach the query service. @default "ingress-nginx" */
  readonly controllerNamespace: string;
  /**
   * URL of an external authentication service (e.g. oauth2-proxy's `/oauth2/auth`) that must
   * approve every UI request; required with a host. @default ""
   */
  readonly authUrl: string;
  /** Where unauthenticated users are sent to sign in (e.g. oauth2-proxy's `/oauth2/start`). @default "" */
  readonly authSignInUrl: string;
}

/** The guide's alert thresholds ("Monitoring Trace System Health", "Alerting on Traces"). */
export interface AlertSettings {
  /** PromQL label matchers that pick this backend's series. @default namespace="tracing" in prod, job="genesis-tracing" locally */
  readonly selector: string;
  /** Alert when no span arrived for this long (traces per minute must stay > 0). @default 10 */
  readonly noTracesMinutes: number;
  /** Share of spans the collector fails to store. @default 0.01 (1 %) */
  readonly exportFailureRatio: number;
  /** Share of spans refused or dropped before storage. @default 0.001 (0.1 %) */
  readonly spanDropRatio: number;
  /** p99 time spent in the collector's processors. @default 10 */
  readonly collectorLatencyMs: number;
  /** p99 duration of traced server operations. @default 200 */
  readonly operationLatencyP99Ms: number;
  /** Used share of an Elasticsearch data disk (the low watermark is 0.85). @default 0.8 */
  readonly diskUsedRatio: number;
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
  /** Namespace of the DNS pods. @default "kube-system" (OpenShift: "openshift-dns") */
  readonly namespace: string;
  /**
   * Labels that select the DNS pods (all must match); at least one.
   * @default { "k8s-app": "kube-dns" } (OpenShift: { "dns.operator.openshift.io/daemonset-dns": "default" })
   */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Port the DNS pods listen on, allowed over UDP and TCP. @default 53 (OpenShift: 5353) */
  readonly port: number;
  /**
   * IPv4 address the node-local DNS cache answers on, allowed on `port` besides the DNS pods
   * (NodeLocal DNSCache's link-local 169.254.20.10, or the kube-dns ClusterIP where it
   * intercepts that). @default "" (no node-local cache)
   */
  readonly nodeLocalAddress: string;
}

export interface KubernetesSettings {
  /** kubeconfig file the providers use, or `in-cluster` for the pod's service account. @default "~/.kube/config" */
  readonly kubeconfig: string;
  /** kubeconfig context. @default "" (the current context) */
  readonly context: string;
  /** Namespace of the tracing backend (Pod Security `restricted`). @default "tracing" */
  readonly namespace: string;
  /** Namespaces of the Genesis services that get the SDK ConfigMaps and may send OTLP. @default ["genesis"] */
  readonly clientNamespaces: readonly string[];
  /** Namespace of Prometheus, allowed to scrape the metrics ports. @default "monitoring" */
  readonly monitoringNamespace: string;
  /**
   * `install`: the stack installs ECK (operator and CRDs) with Helm. `existing`: an ECK the
   * cluster already runs (>= 3.0, managing the tracing namespace) is used, and no operator
   * release is created. @default "install"
   */
  readonly eckOperator: EckOperatorMode;
  /** Namespace the ECK operator runs in (installed there, or found there). @default "elastic-system" */
  readonly eckOperatorNamespace: string;
  /**
   * Let Terraform destroy or replace the tracing namespace and the Elasticsearch release, and so
   * every stored trace. Off, `cdktf destroy prod` and any plan that would do so fail. @default false
   */
  readonly allowDataDestroy: boolean;
  /** Name of the Elasticsearch resource (ECK names services and secrets after it). @default "genesis" */
  readonly elasticsearchName: string;
  /** StorageClass of the Elasticsearch volumes. @default "" (the cluster's default class) */
  readonly storageClassName: string;
  /** Collector replicas; the autoscaler moves between this and `collectorMaxReplicas`. @default 2 */
  readonly collectorReplicas: number;
  /** @default 6 */
  readonly collectorMaxReplicas: number;
  /** @default 2 */
  readonly queryReplicas: number;
  readonly ingress: IngressSettings;
  /** The cluster DNS every tracing pod may query. */
  readonly dns: DnsPeerSettings;
  /**
   * The Prometheus Operator's CRDs are installed: ship ServiceMonitors and a PrometheusRule.
   * Otherwise pods carry `prometheus.io/*` scrape annotations and the rules go in a ConfigMap.
   * @default false
   */
  readonly prometheusOperator: boolean;
}

export interface TracingSettings {
  readonly stack: StackName;
  /** `ENVIRONMENT` / `deployment.environment`. @default "local" locally, "production" in prod */
  readonly environment: DeploymentEnvironment;
  /** False when `OTLP_ENDPOINT=disabled`: clients get `OTEL_SDK_DISABLED=true`. @default true */
  readonly tracingEnabled: boolean;
  /** OTLP endpoint the client services export to. @default https://localhost:4317 locally */
  readonly otlpEndpoint: string;
  /** `OTLP_SECURE`; the collector accepts TLS only, so this must stay true. @default true */
  readonly otlpSecure: boolean;
  /** Where people open the Jaeger UI. @default https://localhost:16686 locally; https://<UI host> when prod publishes it */
  readonly jaegerUiUrl: string;
  readonly sampling: SamplingSettings;
  /** Days traces are kept before ILM deletes them (`TRACE_RETENTION_DAYS`). @default 7 */
  readonly retentionDays: number;
  /** Prefix of every Jaeger index, alias, template and ILM policy. @default "genesis" */
  readonly indexPrefix: string;
  /**
   * Generation of the Elasticsearch passwords of the Jaeger users (writer, reader, monitor):
   * any new value rotates all three on the next deploy. @default "1"
   */
  readonly credentialsGeneration: string;
  readonly images: {
    /** @default jaegertracing/jaeger:2.20.0 */
    readonly jaeger: ContainerImage;
    /** Always the Jaeger version. @default jaegertracing/jaeger-es-rollover:2.20.0 */
    readonly esRollover: ContainerImage;
    /** The version ECK 3.5.0's eck-elasticsearch chart 0.20.0 deploys. @default 9.5.0 */
    readonly elasticsearch: ContainerImage;
    /** prometheus-community's exporter (prod). @default quay.io/prometheuscommunity/elasticsearch-exporter:v1.11.0 */
    readonly elasticsearchExporter: ContainerImage;
  };
  readonly elasticsearch: ElasticsearchSettings;
  readonly sdk: SdkSettings;
  readonly collector: CollectorSettings;
  readonly certificates: CertificateSettings;
  /** Span attribute keys the collector deletes before storage (the guide: no secrets or PII). */
  readonly redactedAttributeKeys: readonly string[];
  readonly alerts: AlertSettings;
  /** @default local state at the project root */
  readonly stateBackend: StateBackendSettings;
  /** Cluster access and layout; used by the prod stack. */
  readonly kubernetes: KubernetesSettings;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] extends object ? Mutable<T[K]> : T[K] };

const JAEGER_VERSION = "2.20.0";

/** The generation passwords start at (`credentialsGeneration`). */
export const FIRST_CREDENTIALS_GENERATION = "1";

/** The prod namespace; the prod endpoints below are derived from it. */
const TRACING_NAMESPACE = "tracing";

function defaultSettings(stack: StackName): Mutable<TracingSettings> {
  const local = stack === "local";
  return {
    stack,
    environment: local ? "local" : "production",
    tracingEnabled: true,
    otlpEndpoint: local ? "https://localhost:4317" : `https://jaeger-collector.${TRACING_NAMESPACE}.svc:4317`,
    otlpSecure: true,
    jaegerUiUrl: local ? "https://localhost:16686" : `https://jaeger-query.${TRACING_NAMESPACE}.svc:16686`,
    sampling: {
      baseRate: 0.01,
      errorRate: 1.0,
      slowOperationRate: 1.0,
      slowOperationThresholdMs: 100,
      criticalOperationRate: 0.1,
    },
    retentionDays: 7,
    indexPrefix: "genesis",
    credentialsGeneration: FIRST_CREDENTIALS_GENERATION,
    images: {
      jaeger: { repository: "jaegertracing/jaeger", tag: JAEGER_VERSION },
      esRollover: { repository: "jaegertracing/jaeger-es-rollover", tag: JAEGER_VERSION },
      elasticsearch: { repository: "docker.elastic.co/elasticsearch/elasticsearch", tag: "9.5.0" },
      elasticsearchExporter: { repository: "quay.io/prometheuscommunity/elasticsearch-exporter", tag: "v1.11.0" },
    },
    elasticsearch: {
      nodeCount: local ? 1 : 3,
      heapMiB: 2048,
      memoryLimitMiB: 4096,
      diskGiB: local ? 10 : 30,
      dailyVolumeGiB: 1,
      replicas: local ? 0 : 1,
      shards: 1,
    },
    sdk: {
      serviceName: "genesis-service",
      serviceVersion: "0.0.0",
      attributeValueLengthLimit: 1024,
      batchSpanProcessor: {
        scheduleDelayMs: 5000,
        exportTimeoutMs: 30000,
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
      },
    },
    collector: {
      designSpansPerSecond: 50,
      memoryLimitMiB: 512,
    },
    certificates: {
      caValidityDays: 1095,
      caRenewBeforeDays: 365,
      signingAuthority: "blue",
      trustedAuthorities: ["blue"],
      leafValidityDays: 90,
      leafRenewBeforeDays: 30,
    },
    redactedAttributeKeys: [
      "api_key",
      "apikey",
      "secret",
      "password",
      "passwd",
      "token",
      "authorization",
      "user_id",
      "credit_card",
    ],
    alerts: {
      selector: local ? 'job="genesis-tracing"' : `namespace="${TRACING_NAMESPACE}"`,
      noTracesMinutes: 10,
      exportFailureRatio: 0.01,
      spanDropRatio: 0.001,
      collectorLatencyMs: 10,
      operationLatencyP99Ms: 200,
      diskUsedRatio: 0.8,
    },
    stateBackend: { kind: "local" },
    kubernetes: {
      kubeconfig: "~/.kube/config",
      context: "",
      namespace: TRACING_NAMESPACE,
      clientNamespaces: ["genesis"],
      monitoringNamespace: "monitoring",
      eckOperator: "install",
      eckOperatorNamespace: "elastic-system",
      allowDataDestroy: false,
      elasticsearchName: "genesis",
      storageClassName: "",
      collectorReplicas: 2,
      collectorMaxReplicas: 6,
      queryReplicas: 2,
      ingress: {
        host: "",
        className: "nginx",
        tlsSecretName: "jaeger-ui-tls",
        controllerNamespace: "ingress-nginx",
        authUrl: "",
        authSignInUrl: "",
      },
      dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" }, port: 53, nodeLocalAddress: "" },
      prometheusOperator: false,
    },
  };
}

/** Raw environment as read from `.env` and the process: variable name to value. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

type Parsed<T> = { ok: true; value: T } | { ok: false; allowed: string };

const parseDecimal = (raw: string): Parsed<number> =>
  /^\d+(\.\d+)?$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, allowed: "a decimal number such as 0.01" };
const parseWholeNumber = (raw: string): Parsed<number> =>
  /^\d{1,9}$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, allowed: "a whole number" };
const parseBoolean = (raw: string): Parsed<boolean> =>
  raw === "true" || raw === "false" ? { ok: true, value: raw === "true" } : { ok: false, allowed: "true or false" };
const parseText = (raw: string): Parsed<string> => ({ ok: true, value: raw });
const parseList = (raw: string): Parsed<string[]> => ({ ok: true, value: raw.split(",") });
const parseOneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): Parsed<T> =>
    (values as readonly string[]).includes(raw) ? { ok: true, value: raw as T } : { ok: false, allowed: `one of ${values.join(", ")}` };
const parseListOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): Parsed<T[]> => {
    const items = raw.split(",");
    return items.every((item) => (values as readonly string[]).includes(item))
      ? { ok: true, value: items as T[] }
      : { ok: false, allowed: `a comma-separated list of ${values.join(", ")}` };
  };

/**
 * `key=value[,key=value]` into labels; the syntax of keys and values is validation's. Empty
 * gives no labels (which validation rejects); a repeated key is refused, not overwritten.
 */
function parseLabels(raw: string): Parsed<Record<string, string>> {
  // A Map, then fromEntries: a key such as `__proto__` becomes a label (that validation
  // rejects) instead of silently vanishing into the object's prototype.
  const labels = new Map<string, string>();
  for (const pair of raw === "" ? [] : raw.split(",")) {
    const at = pair.indexOf("=");
    if (at < 0) return { ok: false, allowed: "key=value pairs separated by commas" };
    const key = pair.slice(0, at);
    if (labels.has(key)) return { ok: false, allowed: `key=value pairs with distinct keys (${key} repeats)` };
    labels.set(key, pair.slice(at + 1));
  }
  return { ok: true, value: Object.fromEntries(labels) };
}

/**
 * `local`, `s3://bucket/key-prefix?region=eu-west-1`, `gcs://bucket/prefix` or
 * `kubernetes://namespace/secret-suffix`.
 */
function parseStateBackend(raw: string): Parsed<StateBackendSettings> {
  const allowed = "local, s3://bucket/prefix?region=REGION, gcs://bucket/prefix or kubernetes://namespace/secret-suffix";
  if (raw === "local") return { ok: true, value: { kind: "local" } };
  const match = /^(s3|gcs|kubernetes):\/\/([a-z0-9][a-z0-9.-]{1,62})\/([A-Za-z0-9._/-]{1,200})(\?region=([a-z0-9-]{1,30}))?$/.exec(raw);
  if (match === null) return { ok: false, allowed };
  const [, kind, first, path, , region] = match;
  if (kind === "s3") {
    return region ? { ok: true, value: { kind, bucket: first, keyPrefix: path, region } } : { ok: false, allowed: "an s3:// URL with ?region=REGION" };
  }
  if (region) return { ok: false, allowed };
  return kind === "gcs"
    ? { ok: true, value: { kind, bucket: first, prefix: path } }
    : { ok: true, value: { kind: "kubernetes", namespace: first, secretSuffix: path } };
}

interface Override {
  /** The variable read from the environment; `LOCAL_`/`PROD_` + name wins over it. */
  readonly variable: string;
  /** The settings field it sets (a dotted path), as named in error messages. */
  readonly field: string;
  readonly parse: (raw: string) => Parsed<unknown>;
  /** @default - sets `field` to the parsed value */
  readonly apply?: (settings: Mutable<TracingSettings>, value: never) => void;
}

function setField(settings: Mutable<TracingSettings>, field: string, value: unknown): void {
  const keys = field.split(".");
  let target: Record<string, unknown> = settings;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = value;
}

/**
 * The environment variables that override settings. The first six are the ones the Genesis
 * services already read; the rest size and version the backend.
 */
export const ENVIRONMENT_OVERRIDES: readonly Override[] = [
  {
    variable: "OTLP_ENDPOINT",
    field: "otlpEndpoint",
    parse: parseText,
    apply: (s, value: string) => {
      if (value === OTLP_DISABLED) s.tracingEnabled = false;
      else s.otlpEndpoint = value;
    },
  },
  { variable: "OTLP_SECURE", field: "otlpSecure", parse: parseBoolean },
  { variable: "TRACE_SAMPLING_RATE", field: "sampling.baseRate", parse: parseDecimal },
  { variable: "JAEGER_UI_URL", field: "jaegerUiUrl", parse: parseText },
  { variable: "TRACE_RETENTION_DAYS", field: "retentionDays", parse: parseWholeNumber },
  { variable: "ENVIRONMENT", field: "environment", parse: parseText },
  {
    variable: "JAEGER_VERSION",
    field: "images.jaeger.tag",
    parse: parseText,
    // es-rollover ships with every Jaeger release and must match it.
    apply: (s, value: string) => {
      s.images.jaeger.tag = value;
      s.images.esRollover.tag = value;
    },
  },
  { variable: "ELASTICSEARCH_VERSION", field: "images.elasticsearch.tag", parse: parseText },
  { variable: "ES_HEAP_MIB", field: "elasticsearch.heapMiB", parse: parseWholeNumber },
  { variable: "ES_MEMORY_LIMIT_MIB", field: "elasticsearch.memoryLimitMiB", parse: parseWholeNumber },
  { variable: "TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND", field: "collector.designSpansPerSecond", parse: parseDecimal },
  { variable: "TRACING_COLLECTOR_MEMORY_LIMIT_MIB", field: "collector.memoryLimitMiB", parse: parseWholeNumber },
  { variable: "TRACING_COLLECTOR_REPLICAS", field: "kubernetes.collectorReplicas", parse: parseWholeNumber },
  { variable: "ES_DISK_GIB", field: "elasticsearch.diskGiB", parse: parseWholeNumber },
  { variable: "TRACE_INDEX_PREFIX", field: "indexPrefix", parse: parseText },
  { variable: "TRACING_CREDENTIALS_GENERATION", field: "credentialsGeneration", parse: parseText },
  { variable: "TRACING_CA_SIGNING", field: "certificates.signingAuthority", parse: parseOneOf(CA_SLOTS) },
  { variable: "TRACING_CA_TRUSTED", field: "certificates.trustedAuthorities", parse: parseListOf(CA_SLOTS) },
  { variable: "SDK_SERVICE_NAME", field: "sdk.serviceName", parse: parseText },
  { variable: "SDK_SERVICE_VERSION", field: "sdk.serviceVersion", parse: parseText },
  { variable: "TRACING_STATE_BACKEND", field: "stateBackend", parse: parseStateBackend },
  { variable: "TRACING_KUBECONFIG", field: "kubernetes.kubeconfig", parse: parseText },
  { variable: "TRACING_KUBE_CONTEXT", field: "kubernetes.context", parse: parseText },
  { variable: "TRACING_CLIENT_NAMESPACES", field: "kubernetes.clientNamespaces", parse: parseList },
  { variable: "TRACING_STORAGE_CLASS", field: "kubernetes.storageClassName", parse: parseText },
  { variable: "TRACING_ECK_OPERATOR", field: "kubernetes.eckOperator", parse: parseOneOf(ECK_OPERATOR_MODES) },
  { variable: "TRACING_ECK_NAMESPACE", field: "kubernetes.eckOperatorNamespace", parse: parseText },
  { variable: "TRACING_ALLOW_DATA_DESTROY", field: "kubernetes.allowDataDestroy", parse: parseBoolean },
  { variable: "TRACING_UI_HOST", field: "kubernetes.ingress.host", parse: parseText },
  { variable: "TRACING_UI_INGRESS_CLASS", field: "kubernetes.ingress.className", parse: parseText },
  { variable: "TRACING_UI_TLS_SECRET", field: "kubernetes.ingress.tlsSecretName", parse: parseText },
  { variable: "TRACING_UI_AUTH_URL", field: "kubernetes.ingress.authUrl", parse: parseText },
  { variable: "TRACING_UI_AUTH_SIGNIN_URL", field: "kubernetes.ingress.authSignInUrl", parse: parseText },
  { variable: "TRACING_DNS_NAMESPACE", field: "kubernetes.dns.namespace", parse: parseText },
  { variable: "TRACING_DNS_POD_LABELS", field: "kubernetes.dns.podLabels", parse: parseLabels },
  { variable: "TRACING_DNS_PORT", field: "kubernetes.dns.port", parse: parseWholeNumber },
  { variable: "TRACING_DNS_NODE_LOCAL_ADDRESS", field: "kubernetes.dns.nodeLocalAddress", parse: parseText },
  { variable: "TRACING_PROMETHEUS_OPERATOR", field: "kubernetes.prometheusOperator", parse: parseBoolean },
  { variable: "TRACING_ALERT_SELECTOR", field: "alerts.selector", parse: parseText },
];

/** Prefixes of the variables this package reads; an unknown variable with one is a typo. */
const OWN_PREFIXES = /^(LOCAL_|PROD_)?(OTLP_|TRACE_|TRACING_|JAEGER_|ELASTICSEARCH_|ES_|SDK_|ENVIRONMENT)/;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Variables of a `.env` file this package would silently ignore although they look meant
 * for it: a typo such as `TRACE_SAMPLNG_RATE` must fail, not leave the default in force.
 */
export function unknownDotenvVariables(keys: readonly string[]): SettingsProblem[] {
  const known = ENVIRONMENT_OVERRIDES.flatMap((o) => [o.variable, ...STACK_NAMES.map((stack) => scopedVariable(stack, o.variable))]);
  return keys
    .filter((key) => !known.includes(key))
    .map((key) => ({ key, closest: [...known].sort((a, b) => editDistance(key, a) - editDistance(key, b))[0] }))
    .filter(({ key, closest }) => OWN_PREFIXES.test(key) || editDistance(key, closest) <= 2)
    .map(({ key, closest }) => ({ field: ".env", value: key, allowed: `a variable this package reads (did you mean ${closest}?)` }));
}

/** `LOCAL_TRACE_SAMPLING_RATE` applies to the local stack only and wins over `TRACE_SAMPLING_RATE`. */
export function scopedVariable(stack: StackName, variable: string): string {
  return `${stack.toUpperCase()}_${variable}`;
}

/**
 * Builds the validated settings of one stack: its defaults, overridden from `env`.
 * Throws a `SettingsError` that lists every bad field, its value and what is allowed.
 */
export function resolveSettings(stack: StackName, env: EnvironmentVariables = {}): TracingSettings {
  const settings = defaultSettings(stack);
  const problems: SettingsProblem[] = [];
  const sources = new Map<string, string>();
  for (const o of ENVIRONMENT_OVERRIDES) {
    const scoped = scopedVariable(stack, o.variable);
    const variable = env[scoped] !== undefined ? scoped : o.variable;
    const raw = env[variable];
    if (raw === undefined) continue;
    sources.set(o.field, variable);
    const parsed = o.parse(raw);
    if (!parsed.ok) problems.push({ field: o.field, value: raw, allowed: parsed.allowed });
    else if (o.apply) o.apply(settings, parsed.value as never);
    else setField(settings, o.field, parsed.value);
  }
  // A published UI is where people open it, unless JAEGER_UI_URL says otherwise.
  if (settings.kubernetes.ingress.host !== "" && !sources.has("jaegerUiUrl")) {
    settings.jaegerUiUrl = `https://${settings.kubernetes.ingress.host}`;
  }
  problems.push(...validateSettings(settings));
  if (problems.length > 0) {
    throw new SettingsError(
      `stack "${stack}"`,
      problems.map((p) => ({ ...p, variable: p.variable ?? sources.get(p.field) })),
    );
  }
  return settings;
}
