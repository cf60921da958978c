/**
 * Every setting, described once: the variable that sets it, the stacks it applies to, what it
 * means, its default per stack, its parser, what is allowed and its bounds. The defaults, the
 * per-stack overrides (`LOCAL_`/`PROD_`), the simple range checks, `.env.example` and the
 * README's Settings table are all derived from this table; rules that combine several
 * settings live in `validation.ts` and name every variable that can fix them.
 */
import { parseBoolean, parseDecimal, parseLabels, parseList, parseListOf, parseOneOf, parseText, parseWholeNumber } from "../parsers/basic";
import type { Parsed } from "../parsers/parsed";
import { CA_SLOTS, DEPLOYMENT_ENVIRONMENTS, ECK_OPERATOR_MODES, STACK_NAMES, type StackName, type StateBackendSettings, type TracingSettings } from "./model";

/** Which stacks a setting applies to; the other stack keeps the default and refuses its prefix. */
export type SettingScope = "both" | StackName;

/** A default for both stacks, or one per stack. */
export type StackDefault<T> = T | { readonly perStack: Readonly<Record<StackName, T>> };

export interface SettingSpec<T = unknown> {
  /** The environment variable; `LOCAL_<variable>` or `PROD_<variable>` scopes it to one stack. */
  readonly variable: string;
  /** The field it sets, a dotted path into `TracingSettings`. */
  readonly field: string;
  readonly scope: SettingScope;
  /** One line: what it means (README, `.env.example`). */
  readonly description: string;
  /**
   * The value when the variable is not set. A function computes it from the other resolved
   * settings (an endpoint that follows the namespace); `defaultText` then says how.
   */
  readonly default: StackDefault<T> | ((settings: TracingSettings) => T);
  /** How the README describes a computed default. @default - the default, formatted */
  readonly defaultText?: string;
  readonly parse: (raw: string) => Parsed<T>;
  /** What is allowed, in the words of the README and of error messages. */
  readonly allowed: string;
  /** Bounds of a number, checked on the resolved value. @default - none */
  readonly range?: { readonly min: number; readonly max: number; readonly whole?: boolean };
}

/** Keeps each entry's value type checked against its parser and default. */
const setting = <T>(spec: SettingSpec<T>): SettingSpec => spec as SettingSpec;
const perStack = <T>(local: T, prod: T): StackDefault<T> => ({ perStack: { local, prod } });

const JAEGER_VERSION = "2.20.0";

/** The generation passwords start at (`credentialsGeneration`). */
export const FIRST_CREDENTIALS_GENERATION = "1";

const whole = (min: number, max: number) => ({ min, max, whole: true });
const ratio = { min: 0, max: 1 };

/**
 * In the order of the README table. The first six are the variables the Genesis services
 * already read; the rest size, version and place the backend.
 */
export const SETTINGS: readonly SettingSpec[] = [
  setting<string>({
    variable: "OTLP_ENDPOINT",
    field: "otlpEndpoint",
    scope: "both",
    description: "OTLP/gRPC endpoint the services export to; `disabled` switches tracing off in every client (the emergency switch)",
    default: (s) => (s.stack === "local" ? "https://localhost:4317" : `https://jaeger-collector.${s.kubernetes.namespace}.svc:4317`),
    defaultText: "`https://localhost:4317` / `https://jaeger-collector.<namespace>.svc:4317`",
    parse: parseText,
    allowed: "`disabled`, `host:port` or `https://host:port`",
  }),
  setting<boolean>({
    variable: "OTLP_SECURE",
    field: "otlpSecure",
    scope: "both",
    description: "Whether clients use TLS; the collector accepts TLS only",
    default: true,
    parse: parseBoolean,
    allowed: "`true` (the collector accepts TLS only)",
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_RATE",
    field: "sampling.baseRate",
    scope: "both",
    description: "SDK head-sampling ratio: the guide's base rate",
    default: 0.01,
    parse: parseDecimal,
    allowed: "decimal in [0, 1]",
    range: ratio,
  }),
  setting<string>({
    variable: "JAEGER_UI_URL",
    field: "jaegerUiUrl",
    scope: "both",
    description: "Where people open the Jaeger UI",
    default: (s) =>
      s.stack === "local"
        ? "https://localhost:16686"
        : s.kubernetes.ingress.host !== ""
          ? `https://${s.kubernetes.ingress.host}`
          : `https://jaeger-query.${s.kubernetes.namespace}.svc:16686`,
    defaultText: "`https://localhost:16686` / `https://<TRACING_UI_HOST>`, else `https://jaeger-query.<namespace>.svc:16686`",
    parse: parseText,
    allowed: "`https://` URL",
  }),
  setting<number>({
    variable: "TRACE_RETENTION_DAYS",
    field: "retentionDays",
    scope: "both",
    description: "Days traces are kept before ILM deletes them",
    default: 7,
    parse: parseWholeNumber,
    allowed: "whole number in [1, 3650]",
    range: whole(1, 3650),
  }),
  setting<string>({
    variable: "ENVIRONMENT",
    field: "environment",
    scope: "both",
    description: "`deployment.environment` of every span",
    default: perStack("local", "production"),
    parse: parseOneOf(DEPLOYMENT_ENVIRONMENTS),
    allowed: DEPLOYMENT_ENVIRONMENTS.map((e) => `\`${e}\``).join(", "),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_ERROR_RATE",
    field: "sampling.errorRate",
    scope: "both",
    description: "Share of traces with an error that the Genesis tracer keeps",
    default: 1.0,
    parse: parseDecimal,
    allowed: "decimal in [0, 1]",
    range: ratio,
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_SLOW_RATE",
    field: "sampling.slowOperationRate",
    scope: "both",
    description: "Share of slow operations that the Genesis tracer keeps",
    default: 1.0,
    parse: parseDecimal,
    allowed: "decimal in [0, 1]",
    range: ratio,
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_SLOW_THRESHOLD_MS",
    field: "sampling.slowOperationThresholdMs",
    scope: "both",
    description: "Duration above which an operation counts as slow",
    default: 100,
    parse: parseWholeNumber,
    allowed: "whole number of ms in [1, 60000]",
    range: whole(1, 60000),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_CRITICAL_RATE",
    field: "sampling.criticalOperationRate",
    scope: "both",
    description: "Share of operations marked critical that the Genesis tracer keeps",
    default: 0.1,
    parse: parseDecimal,
    allowed: "decimal in [0, 1]",
    range: ratio,
  }),
  setting<string>({
    variable: "JAEGER_VERSION",
    field: "images.jaeger.tag",
    scope: "both",
    description: "Jaeger release of the collector, query and es-rollover images",
    default: JAEGER_VERSION,
    parse: parseText,
    allowed: "a Jaeger 2.x version; not `latest`",
  }),
  setting<string>({
    variable: "JAEGER_IMAGE",
    field: "images.jaeger.repository",
    scope: "both",
    description: "Repository of the Jaeger image (a mirror, in an air-gapped cluster)",
    default: "jaegertracing/jaeger",
    parse: parseText,
    allowed: "a lower-case image repository",
  }),
  setting<string>({
    variable: "ES_ROLLOVER_IMAGE",
    field: "images.esRollover.repository",
    scope: "both",
    description: "Repository of the es-rollover image; its tag is always the Jaeger version",
    default: "jaegertracing/jaeger-es-rollover",
    parse: parseText,
    allowed: "a lower-case image repository",
  }),
  setting<string>({
    variable: "ELASTICSEARCH_VERSION",
    field: "images.elasticsearch.tag",
    scope: "both",
    description: "Elasticsearch release (ECK 3.5.0's eck-elasticsearch chart 0.20.0 deploys 9.5.0)",
    default: "9.5.0",
    parse: parseText,
    allowed: "7.x, 8.x or 9.x; not `latest`",
  }),
  setting<string>({
    variable: "ELASTICSEARCH_IMAGE",
    field: "images.elasticsearch.repository",
    scope: "both",
    description: "Repository of the Elasticsearch image (the local node and the bootstrap's curl)",
    default: "docker.elastic.co/elasticsearch/elasticsearch",
    parse: parseText,
    allowed: "a lower-case image repository",
  }),
  setting<string>({
    variable: "ES_EXPORTER_VERSION",
    field: "images.elasticsearchExporter.tag",
    scope: "prod",
    description: "prometheus-community elasticsearch_exporter release",
    default: "v1.11.0",
    parse: parseText,
    allowed: "an exact version tag; not `latest`",
  }),
  setting<string>({
    variable: "ES_EXPORTER_IMAGE",
    field: "images.elasticsearchExporter.repository",
    scope: "prod",
    description: "Repository of the elasticsearch_exporter image",
    default: "quay.io/prometheuscommunity/elasticsearch-exporter",
    parse: parseText,
    allowed: "a lower-case image repository",
  }),
  setting<number>({
    variable: "ES_NODE_COUNT",
    field: "elasticsearch.nodeCount",
    scope: "both",
    description: "Elasticsearch nodes (prod runs one per host)",
    default: perStack(1, 3),
    parse: parseWholeNumber,
    allowed: "whole number in [1, 99]",
    range: whole(1, 99),
  }),
  setting<number>({
    variable: "ES_HEAP_MIB",
    field: "elasticsearch.heapMiB",
    scope: "both",
    description: "JVM heap of each node, `-Xms` = `-Xmx`; the guide's minimum is 2 GB",
    default: 2048,
    parse: parseWholeNumber,
    allowed: "2048 to 31744, at most half of `ES_MEMORY_LIMIT_MIB`",
    range: whole(2048, 31744),
  }),
  setting<number>({
    variable: "ES_MEMORY_LIMIT_MIB",
    field: "elasticsearch.memoryLimitMiB",
    scope: "both",
    description: "Memory limit of each node; the heap may use at most half",
    default: 4096,
    parse: parseWholeNumber,
    allowed: "at least 2 x `ES_HEAP_MIB`, at most 262144",
    range: whole(4096, 262144),
  }),
  setting<number>({
    variable: "ES_DISK_GIB",
    field: "elasticsearch.diskGiB",
    scope: "both",
    description: "Data volume of each node",
    default: perStack(10, 30),
    parse: parseWholeNumber,
    allowed: "at least (retention + 1) x daily GiB x (1 + replicas) / (nodes - 1, min 1) / 0.85; at most 65536",
    range: whole(1, 65536),
  }),
  setting<number>({
    variable: "ES_DAILY_VOLUME_GIB",
    field: "elasticsearch.dailyVolumeGiB",
    scope: "both",
    description: "Primary data written per day at full load (the guide: ~1 GB); sizes the disk",
    default: 1,
    parse: parseDecimal,
    allowed: "decimal in [0.001, 10000]",
    range: { min: 0.001, max: 10000 },
  }),
  setting<number>({
    variable: "ES_INDEX_REPLICAS",
    field: "elasticsearch.replicas",
    scope: "both",
    description: "Replicas of every Jaeger index",
    default: perStack(0, 1),
    parse: parseWholeNumber,
    allowed: "0 to nodes - 1 (`ES_NODE_COUNT`), else the cluster stays yellow",
    range: whole(0, 98),
  }),
  setting<number>({
    variable: "ES_INDEX_SHARDS",
    field: "elasticsearch.shards",
    scope: "both",
    description: "Primary shards of every Jaeger index (Jaeger's default of 5 is wasteful at ~1 GB/day)",
    default: 1,
    parse: parseWholeNumber,
    allowed: "whole number in [1, 16]",
    range: whole(1, 16),
  }),
  setting<string>({
    variable: "TRACE_INDEX_PREFIX",
    field: "indexPrefix",
    scope: "both",
    description: "Prefix of every Jaeger index, alias, template and ILM policy",
    default: "genesis",
    parse: parseText,
    allowed: "1-30 of `a-z0-9-`, starting with a letter",
  }),
  setting<string>({
    variable: "TRACING_CREDENTIALS_GENERATION",
    field: "credentialsGeneration",
    scope: "both",
    description: "Generation of the writer, reader and monitor passwords: a new value rotates them",
    default: FIRST_CREDENTIALS_GENERATION,
    parse: parseText,
    allowed: "1-32 of `A-Za-z0-9._-`; any new value rotates the passwords on the next deploy (see \"Rotating passwords\")",
  }),
  setting<string>({
    variable: "TRACING_CA_SIGNING",
    field: "certificates.signingAuthority",
    scope: "both",
    description: "The CA slot that signs every server certificate",
    default: "blue",
    parse: parseOneOf(CA_SLOTS),
    allowed: "`blue` or `green`, one of `TRACING_CA_TRUSTED` (see \"Replacing the CA\")",
  }),
  setting<string[]>({
    variable: "TRACING_CA_TRUSTED",
    field: "certificates.trustedAuthorities",
    scope: "both",
    description: "The CA slots every client and server trusts",
    default: ["blue"],
    parse: parseListOf(CA_SLOTS),
    allowed: "`blue`, `green` or `blue,green`",
  }),
  setting<number>({
    variable: "TRACING_CA_VALIDITY_DAYS",
    field: "certificates.caValidityDays",
    scope: "both",
    description: "Lifetime of each CA the stack creates",
    default: 1095,
    parse: parseWholeNumber,
    allowed: "at least twice the server certificates' lifetime, at most 3650",
    range: whole(1, 3650),
  }),
  setting<number>({
    variable: "TRACING_CA_WARN_DAYS",
    field: "certificates.caRenewBeforeDays",
    scope: "both",
    description: "Every plan warns this many days before the signing CA expires: time to replace it",
    default: 365,
    parse: parseWholeNumber,
    allowed: "at least the server certificates' lifetime, at most half the CA's",
    range: whole(1, 1825),
  }),
  setting<number>({
    variable: "TRACING_CERT_VALIDITY_DAYS",
    field: "certificates.leafValidityDays",
    scope: "both",
    description: "Lifetime of server certificates",
    default: 90,
    parse: parseWholeNumber,
    allowed: "whole number in [1, 397]",
    range: whole(1, 397),
  }),
  setting<number>({
    variable: "TRACING_CERT_RENEW_DAYS",
    field: "certificates.leafRenewBeforeDays",
    scope: "both",
    description: "Server certificates are re-issued by the first deploy this many days before expiry",
    default: 30,
    parse: parseWholeNumber,
    allowed: "1 to a third of `TRACING_CERT_VALIDITY_DAYS`",
    range: whole(1, 132),
  }),
  setting<string[]>({
    variable: "TRACE_REDACTED_ATTRIBUTES",
    field: "redactedAttributeKeys",
    scope: "both",
    description: "Span attribute keys the collector deletes before storage, matched anywhere in the key, any case",
    default: ["api_key", "apikey", "secret", "password", "passwd", "token", "authorization", "user_id", "credit_card"],
    parse: parseList,
    allowed: "comma-separated keys of `A-Za-z0-9_.-`",
  }),
  setting<string>({
    variable: "SDK_SERVICE_NAME",
    field: "sdk.serviceName",
    scope: "both",
    description: "`OTEL_SERVICE_NAME` in the published SDK environment (set it per service)",
    default: "genesis-service",
    parse: parseText,
    allowed: "1-63 of `A-Za-z0-9._-`",
  }),
  setting<string>({
    variable: "SDK_SERVICE_VERSION",
    field: "sdk.serviceVersion",
    scope: "both",
    description: "`service.version` resource attribute",
    default: "0.0.0",
    parse: parseText,
    allowed: "1-63 of `A-Za-z0-9._+-`",
  }),
  setting<number>({
    variable: "SDK_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    field: "sdk.attributeValueLengthLimit",
    scope: "both",
    description: "`OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`: the guide keeps attributes under 1 KB",
    default: 1024,
    parse: parseWholeNumber,
    allowed: "whole number in [64, 1024]",
    range: whole(64, 1024),
  }),
  setting<number>({
    variable: "SDK_BSP_SCHEDULE_DELAY_MS",
    field: "sdk.batchSpanProcessor.scheduleDelayMs",
    scope: "both",
    description: "`OTEL_BSP_SCHEDULE_DELAY`",
    default: 5000,
    parse: parseWholeNumber,
    allowed: "whole number of ms in [100, 60000]",
    range: whole(100, 60000),
  }),
  setting<number>({
    variable: "SDK_BSP_EXPORT_TIMEOUT_MS",
    field: "sdk.batchSpanProcessor.exportTimeoutMs",
    scope: "both",
    description: "`OTEL_BSP_EXPORT_TIMEOUT`; also the grace the collector gives a connection it closes",
    default: 30000,
    parse: parseWholeNumber,
    allowed: "whole number of ms in [1000, 120000]",
    range: whole(1000, 120000),
  }),
  setting<number>({
    variable: "SDK_BSP_MAX_QUEUE_SIZE",
    field: "sdk.batchSpanProcessor.maxQueueSize",
    scope: "both",
    description: "`OTEL_BSP_MAX_QUEUE_SIZE`",
    default: 2048,
    parse: parseWholeNumber,
    allowed: "whole number in [1, 1000000]",
    range: whole(1, 1_000_000),
  }),
  setting<number>({
    variable: "SDK_BSP_MAX_EXPORT_BATCH_SIZE",
    field: "sdk.batchSpanProcessor.maxExportBatchSize",
    scope: "both",
    description: "`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`",
    default: 512,
    parse: parseWholeNumber,
    allowed: "1 to `SDK_BSP_MAX_QUEUE_SIZE`",
    range: whole(1, 1_000_000),
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND",
    field: "collector.designSpansPerSecond",
    scope: "both",
    description: "Spans per second all collectors take at full load; sizes the storage queue",
    default: 50,
    parse: parseDecimal,
    allowed: "1 to 1 000 000 (see \"Storage queue sizing\")",
    range: { min: 1, max: 1_000_000 },
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_MEMORY_LIMIT_MIB",
    field: "collector.memoryLimitMiB",
    scope: "both",
    description: "Memory limit of each collector; a full storage queue must fit a quarter of it",
    default: 512,
    parse: parseWholeNumber,
    allowed: "whole number in [128, 65536]",
    range: whole(128, 65536),
  }),
  setting<StateBackendSettings>({
    variable: "TRACING_STATE_BACKEND",
    field: "stateBackend",
    scope: "both",
    description: "Where Terraform keeps each stack's state (keyed by stack name)",
    default: { kind: "local" },
    defaultText: "`local` (`terraform.<stack>.tfstate` at the project root)",
    parse: parseStateBackend,
    allowed: "`local`, `s3://bucket/prefix?region=REGION`, `gcs://bucket/prefix`, `kubernetes://namespace/secret-suffix`",
  }),
  setting<string>({
    variable: "TRACING_KUBECONFIG",
    field: "kubernetes.kubeconfig",
    scope: "both",
    description: "kubeconfig the Kubernetes and Helm providers (and a kubernetes state backend) use",
    default: "~/.kube/config",
    parse: parseText,
    allowed: "a file path, or `in-cluster`",
  }),
  setting<string>({
    variable: "TRACING_KUBE_CONTEXT",
    field: "kubernetes.context",
    scope: "both",
    description: "kubeconfig context",
    default: "",
    defaultText: "the current context",
    parse: parseText,
    allowed: "a kubeconfig context name",
  }),
  setting<string>({
    variable: "TRACING_NAMESPACE",
    field: "kubernetes.namespace",
    scope: "prod",
    description: "Namespace of the tracing backend (Pod Security `restricted`), created by the stack",
    default: "tracing",
    parse: parseText,
    allowed: "a DNS label",
  }),
  setting<string[]>({
    variable: "TRACING_CLIENT_NAMESPACES",
    field: "kubernetes.clientNamespaces",
    scope: "prod",
    description: "Namespaces of the Genesis services: they get the SDK ConfigMaps and may send OTLP",
    default: ["genesis"],
    parse: parseList,
    allowed: "comma-separated existing namespaces (not the tracing namespace)",
  }),
  setting<string>({
    variable: "TRACING_MONITORING_NAMESPACE",
    field: "kubernetes.monitoringNamespace",
    scope: "prod",
    description: "Namespace of Prometheus and Grafana: it may scrape, and gets the rules and dashboard",
    default: "monitoring",
    parse: parseText,
    allowed: "a DNS label of an existing namespace",
  }),
  setting<string>({
    variable: "TRACING_STORAGE_CLASS",
    field: "kubernetes.storageClassName",
    scope: "prod",
    description: "StorageClass of the Elasticsearch volumes",
    default: "",
    defaultText: "the cluster's default class",
    parse: parseText,
    allowed: "a StorageClass name",
  }),
  setting<string>({
    variable: "TRACING_ES_CLUSTER_NAME",
    field: "kubernetes.elasticsearchName",
    scope: "prod",
    description: "Name of the Elasticsearch resource; ECK names its Services and Secrets after it",
    default: "genesis",
    parse: parseText,
    allowed: "a DNS label of at most 30 characters",
  }),
  setting<string>({
    variable: "TRACING_ECK_OPERATOR",
    field: "kubernetes.eckOperator",
    scope: "prod",
    description: "Who runs ECK: the stack installs it, or the cluster already runs one",
    default: "install",
    parse: parseOneOf(ECK_OPERATOR_MODES),
    allowed:
      "`install` (the stack installs ECK 3.5.0 and its CRDs) or `existing` (use the ECK the cluster runs; see \"What the cluster needs first\")",
  }),
  setting<string>({
    variable: "TRACING_ECK_NAMESPACE",
    field: "kubernetes.eckOperatorNamespace",
    scope: "prod",
    description: "Namespace the ECK operator is installed in, or runs in",
    default: "elastic-system",
    parse: parseText,
    allowed: "a DNS label",
  }),
  setting<boolean>({
    variable: "TRACING_ALLOW_DATA_DESTROY",
    field: "kubernetes.allowDataDestroy",
    scope: "prod",
    description: "Let a plan delete or replace the tracing namespace and the Elasticsearch release, with every stored trace",
    default: false,
    parse: parseBoolean,
    allowed: "`true` or `false` (see \"Destroying\")",
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_REPLICAS",
    field: "kubernetes.collectorReplicas",
    scope: "prod",
    description: "Collectors the autoscaler starts from",
    default: 2,
    parse: parseWholeNumber,
    allowed: "whole number in [2, 50]",
    range: whole(2, 50),
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_MAX_REPLICAS",
    field: "kubernetes.collectorMaxReplicas",
    scope: "prod",
    description: "Collectors the autoscaler may scale to",
    default: 6,
    parse: parseWholeNumber,
    allowed: "`TRACING_COLLECTOR_REPLICAS` to 100",
    range: whole(2, 100),
  }),
  setting<number>({
    variable: "TRACING_QUERY_REPLICAS",
    field: "kubernetes.queryReplicas",
    scope: "prod",
    description: "Query service replicas",
    default: 2,
    parse: parseWholeNumber,
    allowed: "whole number in [2, 20]",
    range: whole(2, 20),
  }),
  setting<string>({
    variable: "TRACING_UI_HOST",
    field: "kubernetes.ingress.host",
    scope: "prod",
    description: "Host name an Ingress serves the UI on; requires `TRACING_UI_AUTH_URL`",
    default: "",
    defaultText: "none: no Ingress, the UI is cluster-internal",
    parse: parseText,
    allowed: "a DNS name; requires `TRACING_UI_AUTH_URL`",
  }),
  setting<string>({
    variable: "TRACING_UI_INGRESS_CLASS",
    field: "kubernetes.ingress.className",
    scope: "prod",
    description: "IngressClass of the UI Ingress",
    default: "nginx",
    parse: parseText,
    allowed: "an IngressClass name",
  }),
  setting<string>({
    variable: "TRACING_UI_TLS_SECRET",
    field: "kubernetes.ingress.tlsSecretName",
    scope: "prod",
    description: "Secret (in the tracing namespace) with the certificate for the UI host",
    default: "jaeger-ui-tls",
    parse: parseText,
    allowed: "a Secret name",
  }),
  setting<string>({
    variable: "TRACING_UI_CONTROLLER_NAMESPACE",
    field: "kubernetes.ingress.controllerNamespace",
    scope: "prod",
    description: "Namespace of the ingress controller, the only one that may reach the UI",
    default: "ingress-nginx",
    parse: parseText,
    allowed: "a DNS label",
  }),
  setting<string>({
    variable: "TRACING_UI_AUTH_URL",
    field: "kubernetes.ingress.authUrl",
    scope: "prod",
    description: "Authentication service that approves each UI request (e.g. oauth2-proxy `/oauth2/auth`)",
    default: "",
    defaultText: "none",
    parse: parseText,
    allowed: "URL of the authentication service that approves each UI request",
  }),
  setting<string>({
    variable: "TRACING_UI_AUTH_SIGNIN_URL",
    field: "kubernetes.ingress.authSignInUrl",
    scope: "prod",
    description: "Where unauthenticated users are sent to sign in (e.g. oauth2-proxy `/oauth2/start`)",
    default: "",
    defaultText: "none",
    parse: parseText,
    allowed: "`https://` sign-in URL for unauthenticated users",
  }),
  setting<string>({
    variable: "TRACING_DNS_NAMESPACE",
    field: "kubernetes.dns.namespace",
    scope: "prod",
    description: "Namespace of the cluster DNS pods every tracing pod may query",
    default: "kube-system",
    parse: parseText,
    allowed: "a DNS label, not the tracing namespace; OpenShift: `openshift-dns`",
  }),
  setting<Record<string, string>>({
    variable: "TRACING_DNS_POD_LABELS",
    field: "kubernetes.dns.podLabels",
    scope: "prod",
    description: "Labels selecting the cluster DNS pods",
    default: { "k8s-app": "kube-dns" },
    parse: parseLabels,
    allowed:
      "`key=value[,key=value]`: at least one, distinct keys, Kubernetes label syntax; OpenShift: `dns.operator.openshift.io/daemonset-dns=default`",
  }),
  setting<number>({
    variable: "TRACING_DNS_PORT",
    field: "kubernetes.dns.port",
    scope: "prod",
    description: "Port the DNS pods listen on (policies see the pod's port, not the Service's)",
    default: 53,
    parse: parseWholeNumber,
    allowed: "1-65535, allowed over UDP and TCP; OpenShift: `5353`",
    range: whole(1, 65535),
  }),
  setting<string>({
    variable: "TRACING_DNS_NODE_LOCAL_ADDRESS",
    field: "kubernetes.dns.nodeLocalAddress",
    scope: "prod",
    description: "IPv4 address of a node-local DNS cache on the host network (NodeLocal DNSCache: `169.254.20.10`)",
    default: "",
    defaultText: "none",
    parse: parseText,
    allowed: "one IPv4 address; every tracing pod may also reach it on the DNS port",
  }),
  setting<boolean>({
    variable: "TRACING_PROMETHEUS_OPERATOR",
    field: "kubernetes.prometheusOperator",
    scope: "prod",
    description: "The Prometheus Operator's CRDs are installed: ServiceMonitors and a PrometheusRule instead of annotations and a rules ConfigMap",
    default: false,
    parse: parseBoolean,
    allowed: "`true` or `false`",
  }),
  setting<string>({
    variable: "TRACING_ALERT_SELECTOR",
    field: "alerts.selector",
    scope: "both",
    description: "PromQL label matchers that select this backend's series in the alert rules and dashboard",
    default: (s) => (s.stack === "local" ? 'job="genesis-tracing"' : `namespace="${s.kubernetes.namespace}"`),
    defaultText: '`job="genesis-tracing"` / `namespace="<namespace>"`',
    parse: parseText,
    allowed: "PromQL label matchers",
  }),
  setting<number>({
    variable: "TRACING_ALERT_NO_TRACES_MINUTES",
    field: "alerts.noTracesMinutes",
    scope: "both",
    description: "Alert when no span arrived for this long (traces per minute must stay > 0)",
    default: 10,
    parse: parseWholeNumber,
    allowed: "whole number of minutes in [1, 1440]",
    range: whole(1, 1440),
  }),
  setting<number>({
    variable: "TRACING_ALERT_EXPORT_FAILURE_RATIO",
    field: "alerts.exportFailureRatio",
    scope: "both",
    description: "Share of spans the collector fails to store (the guide: 1 %)",
    default: 0.01,
    parse: parseDecimal,
    allowed: "decimal in [0.0001, 0.5]",
    range: { min: 0.0001, max: 0.5 },
  }),
  setting<number>({
    variable: "TRACING_ALERT_SPAN_DROP_RATIO",
    field: "alerts.spanDropRatio",
    scope: "both",
    description: "Share of spans refused or dropped before storage (the guide: 0.1 %)",
    default: 0.001,
    parse: parseDecimal,
    allowed: "decimal in [0.00001, 0.5]",
    range: { min: 0.00001, max: 0.5 },
  }),
  setting<number>({
    variable: "TRACING_ALERT_COLLECTOR_LATENCY_MS",
    field: "alerts.collectorLatencyMs",
    scope: "both",
    description: "p99 time spent in the collector's processors (the guide: 10 ms)",
    default: 10,
    parse: parseDecimal,
    allowed: "decimal ms in [1, 60000]",
    range: { min: 1, max: 60000 },
  }),
  setting<number>({
    variable: "TRACING_ALERT_OPERATION_P99_MS",
    field: "alerts.operationLatencyP99Ms",
    scope: "both",
    description: "p99 duration of traced server operations (the guide: 200 ms)",
    default: 200,
    parse: parseDecimal,
    allowed: "decimal ms in [1, 600000]",
    range: { min: 1, max: 600000 },
  }),
  setting<number>({
    variable: "TRACING_ALERT_DISK_USED_RATIO",
    field: "alerts.diskUsedRatio",
    scope: "both",
    description: "Used share of an Elasticsearch data disk (the low watermark is 0.85)",
    default: 0.8,
    parse: parseDecimal,
    allowed: "decimal in [0.1, 0.85]",
    range: { min: 0.1, max: 0.85 },
  }),
];

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

/** The stack prefixes a variable may carry: `LOCAL_`, `PROD_`. */
export const STACK_PREFIXES: readonly string[] = STACK_NAMES.map((stack) => `${stack.toUpperCase()}_`);
