/**
 * Every setting, described once: the variable that sets it, the stacks it applies to, what it
 * means, its default per stack, its parser, what is allowed and its bounds. The defaults, the
 * per-stack overrides (`LOCAL_`/`PROD_`), the simple range checks, `.env.example` and the
 * docs/settings.md are all derived from this table; rules that combine several
 * settings live in `validation.ts` and name every variable that can fix them.
 */
import { parseBoolean, parseDecimal, parseLabels, parseList, parseListOf, parseOneOf, parseText, parseWholeNumber } from "../parsers/basic";
import { parseAlertSelector } from "../parsers/alert-selector";
import { parseIngressHost } from "../parsers/host";
import { parseKubeconfig, parseKubeContext } from "../parsers/kubeconfig";
import { parseNamespaceList } from "../parsers/namespaces";
import { parsePriorityClass, parseSecretName, parseSecretNames, parseTolerations, TOLERATION_SYNTAX } from "../parsers/scheduling";
import { refused, type Parsed } from "../parsers/parsed";
import { parseStateBackend } from "../parsers/state-backend";
import { parseServiceUrl, SERVICE_URL_RULES } from "../parsers/url";
import { COLLECTOR_NAME, GATEWAY_NAME, QUERY_NAME } from "../core/names";
import { PROJECT_ROOT_FROM_STACK } from "../core/paths";
import { PORTS } from "../core/ports";
import { parseFilePath, parseIssuerReference, ISSUER_REFERENCE_ALLOWED } from "../parsers/certificate-issuer";
import { CA_SLOTS, CERTIFICATE_MODES, DEPLOYMENT_ENVIRONMENTS, ECK_OPERATOR_MODES, SAMPLING_MODES, STACK_NAMES, type StackName, type StateBackendSettings, type Toleration, type TracingSettings } from "./model";

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
  /** One line: what it means (docs/settings.md, `.env.example`). */
  readonly description: string;
  /**
   * The value when the variable is not set. A function computes it from the other resolved
   * settings (an endpoint that follows the namespace); `defaultText` then says how.
   */
  readonly default: StackDefault<T> | ((settings: TracingSettings) => T);
  /** How docs/settings.md describes a computed default. @default - the default, formatted */
  readonly defaultText?: string;
  readonly parse: (raw: string) => Parsed<T>;
  /** What is allowed, in the words of docs/settings.md and of error messages. */
  readonly allowed: string;
  /** Bounds of a number, checked on the resolved value. @default - none */
  readonly range?: { readonly min: number; readonly max: number; readonly whole?: boolean };
  /**
   * The value names a file that is read with the settings (environment.ts, from the project
   * root), never by a construct. @default false
   */
  readonly file?: boolean;
}

/** Keeps each entry's value type checked against its parser and default. */
const setting = <T>(spec: SettingSpec<T>): SettingSpec => spec as SettingSpec;
const perStack = <T>(local: T, prod: T): StackDefault<T> => ({ perStack: { local, prod } });

// renovate: datasource=docker depName=jaegertracing/jaeger
const JAEGER_VERSION = "2.20.0";

/** The eck-operator chart (and so operator) release the prod stack installs. */
// renovate: datasource=helm depName=eck-operator registryUrl=https://helm.elastic.co
export const ECK_OPERATOR_VERSION = "3.5.0";

/** Elastic's Helm repository, where the ECK charts come from. */
export const ELASTIC_HELM_REPOSITORY = "https://helm.elastic.co";

/** The generation passwords start at (`credentialsGeneration`). */
export const FIRST_CREDENTIALS_GENERATION = "1";

/** What every `*_IMAGE` setting accepts (tracing/parsers/image-reference.ts). */
const IMAGE_REPOSITORY_ALLOWED = "`[registry[:port]/]path` of lower-case path components, without tag or digest (a mirror, in an air-gapped cluster)";
/** The `*_IMAGE_DIGEST` setting of an image: pulled by that digest instead of its tag when set. */
const digestSetting = (variable: string, image: keyof TracingSettings["images"], scope: SettingScope, what: string): SettingSpec =>
  setting<string>({
    variable,
    field: `images.${image}.digest`,
    scope,
    description: `Content digest the ${what} image is pulled by (\`sha256:…\`), pinning it against a re-pushed tag`,
    default: "",
    defaultText: "none: pulled by tag",
    parse: parseText,
    allowed: "empty, or `sha256:` and 64 lower-case hex digits",
  });

const whole = (min: number, max: number) => ({ min, max, whole: true });

/**
 * The bounds of a number setting and the words that show them, from the same two numbers, so
 * docs/settings.md, `.env.example` and the error messages print the schema's own bounds.
 */
const wholeIn = (min: number, max: number, unit?: string) => ({
  range: whole(min, max),
  allowed: `whole number${unit ? ` of ${unit}` : ""} in [${min}, ${max}]`,
});
const decimalIn = (min: number, max: number, unit?: string) => ({
  range: { min, max },
  allowed: `decimal${unit ? ` ${unit}` : ""} in [${min}, ${max}]`,
});

/**
 * In the order of the table in docs/settings.md. The first six are the variables the Genesis services
 * already read; the rest size, version and place the backend.
 */
export const SETTINGS: readonly SettingSpec[] = [
  setting<string>({
    variable: "OTLP_ENDPOINT",
    field: "otlpEndpoint",
    scope: "both",
    description: "OTLP/gRPC endpoint the services export to; `disabled` switches tracing off in every client (the emergency switch)",
    default: (s) =>
      s.stack === "local"
        ? `https://localhost:${s.hostPorts.otlpGrpc}`
        : `https://${s.sampling.mode === "collector" ? GATEWAY_NAME : COLLECTOR_NAME}.${s.kubernetes.namespace}.svc:${PORTS.otlpGrpc}`,
    defaultText:
      "`https://localhost:<TRACING_HOST_PORT_OTLP_GRPC>` / `https://jaeger-collector.<namespace>.svc:4317`, or `https://otel-gateway.<namespace>.svc:4317` in `collector` mode",
    // `disabled` is the emergency switch, read before parsing (resolve.ts).
    parse: (raw) => {
      const url = parseServiceUrl(raw, SERVICE_URL_RULES.otlpEndpoint);
      return url.ok ? url : refused(`"disabled" or ${url.allowed}`);
    },
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
    description: "The guide's base rate: the share of ordinary traces kept (the SDK's head-sampling ratio in `sdk` mode); local keeps every trace, so a developer sees each one",
    // The guide's 1 % is for production load; on a laptop it would leave the UI empty.
    default: perStack(1, 0.01),
    parse: parseDecimal,
    ...decimalIn(0, 1),
  }),
  setting<string>({
    variable: "JAEGER_UI_URL",
    field: "jaegerUiUrl",
    scope: "both",
    description: "Where people open the Jaeger UI",
    default: (s) =>
      s.stack === "local"
        ? `https://localhost:${s.hostPorts.queryHttp}`
        : s.kubernetes.ingress.host !== ""
          ? `https://${s.kubernetes.ingress.host}`
          : `https://${QUERY_NAME}.${s.kubernetes.namespace}.svc:${PORTS.queryHttp}`,
    defaultText: "`https://localhost:<TRACING_HOST_PORT_UI>` / `https://<TRACING_UI_HOST>`, else `https://jaeger-query.<namespace>.svc:16686`",
    parse: (raw) => parseServiceUrl(raw, SERVICE_URL_RULES.jaegerUiUrl),
    allowed: "`https://` URL",
  }),
  setting<number>({
    variable: "TRACE_RETENTION_DAYS",
    field: "retentionDays",
    scope: "both",
    description: "Days traces are kept before ILM deletes them",
    default: 7,
    parse: parseWholeNumber,
    ...wholeIn(1, 3650),
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
    ...decimalIn(0, 1),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_SLOW_RATE",
    field: "sampling.slowOperationRate",
    scope: "both",
    description: "Share of slow operations that the Genesis tracer keeps",
    default: 1.0,
    parse: parseDecimal,
    ...decimalIn(0, 1),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_SLOW_THRESHOLD_MS",
    field: "sampling.slowOperationThresholdMs",
    scope: "both",
    description: "Duration above which an operation counts as slow",
    default: 100,
    parse: parseWholeNumber,
    ...wholeIn(1, 60000, "ms"),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_CRITICAL_RATE",
    field: "sampling.criticalOperationRate",
    scope: "both",
    description: "Share of operations marked critical that the Genesis tracer keeps",
    default: 0.1,
    parse: parseDecimal,
    ...decimalIn(0, 1),
  }),
  setting<string>({
    variable: "TRACE_SAMPLING_MODE",
    field: "sampling.mode",
    scope: "both",
    description: "Where the sampling policy runs: `sdk` (the Genesis tracer, in process) or `collector` (tail sampling of whole traces; see \"Sampling modes\")",
    default: "sdk",
    parse: parseOneOf(SAMPLING_MODES),
    allowed: SAMPLING_MODES.map((m) => `\`${m}\``).join(", "),
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_HEAD_RATE",
    field: "sampling.headRate",
    scope: "both",
    description: "`collector` mode: share of traces the SDK exports at all (1 = every span, `parentbased_always_on`)",
    default: 1,
    parse: parseDecimal,
    allowed: "decimal in (0, 1]",
    range: { min: 0.0001, max: 1 },
  }),
  setting<string[]>({
    variable: "TRACE_SAMPLING_CRITICAL_OPERATIONS",
    field: "sampling.criticalOperations",
    scope: "both",
    description: "Span names of critical operations, kept at `TRACE_SAMPLING_CRITICAL_RATE`; `*` matches any characters",
    default: ["genesis.order.*", "genesis.risk.*"],
    parse: parseList,
    allowed: "comma-separated patterns of `A-Za-z0-9_.-/:` and `*`",
  }),
  setting<string>({
    variable: "TRACE_SAMPLING_CRITICAL_ATTRIBUTE",
    field: "sampling.criticalAttribute",
    scope: "both",
    description: "`collector` mode: a span attribute `key=value` that also marks an operation critical; empty for none",
    default: "",
    parse: parseText,
    allowed: "empty, or `key=value` of `A-Za-z0-9_.-` (value also `:`)",
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND",
    field: "sampling.designSpansPerSecond",
    scope: "both",
    description: "`collector` mode: spans per second the services emit at full load, before sampling; sizes the gateway and tail sampling",
    // Local keeps every trace (TRACE_SAMPLING_RATE 1), so its collector stores all of this: no more
    // than TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND's 50, whose queue fits the collector's 512 MiB.
    default: perStack(50, 2000),
    parse: parseDecimal,
    allowed: "1 to 1 000 000 (see \"Tail-sampling sizing\")",
    range: { min: 1, max: 1_000_000 },
  }),
  setting<number>({
    variable: "TRACE_SAMPLING_LONGEST_TRACE_SECONDS",
    field: "sampling.longestTraceSeconds",
    scope: "both",
    description: "`collector` mode: the longest a trace lasts; the collectors wait this long (plus the SDK's batch delay) before deciding",
    default: 10,
    parse: parseWholeNumber,
    ...wholeIn(1, 300, "seconds"),
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
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("JAEGER_IMAGE_DIGEST", "jaeger", "both", "Jaeger (collector and query)"),
  setting<string>({
    variable: "ES_ROLLOVER_IMAGE",
    field: "images.esRollover.repository",
    scope: "both",
    description: "Repository of the es-rollover image; its tag is always the Jaeger version",
    default: "jaegertracing/jaeger-es-rollover",
    parse: parseText,
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("ES_ROLLOVER_IMAGE_DIGEST", "esRollover", "both", "es-rollover"),
  setting<string>({
    variable: "ELASTICSEARCH_VERSION",
    field: "images.elasticsearch.tag",
    scope: "both",
    description: "Elasticsearch release (ECK 3.5.0's eck-elasticsearch chart 0.20.0 deploys 9.5.0)",
    // renovate: datasource=docker depName=docker.elastic.co/elasticsearch/elasticsearch
    default: "9.5.0",
    parse: parseText,
    allowed: "7.x, 8.x or 9.x; not `latest`",
  }),
  setting<string>({
    variable: "ELASTICSEARCH_IMAGE",
    field: "images.elasticsearch.repository",
    scope: "both",
    description: "Repository of the Elasticsearch image (the local node, the prod nodes through ECK, and the bootstrap's curl)",
    default: "docker.elastic.co/elasticsearch/elasticsearch",
    parse: parseText,
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("ELASTICSEARCH_IMAGE_DIGEST", "elasticsearch", "both", "Elasticsearch"),
  setting<string>({
    variable: "OTEL_COLLECTOR_CONTRIB_VERSION",
    field: "images.gateway.tag",
    scope: "prod",
    description: "OpenTelemetry Collector contrib release of the gateway: the one Jaeger's collector core matches",
    // renovate: datasource=docker depName=otel/opentelemetry-collector-contrib
    default: "0.155.0",
    parse: parseText,
    allowed: "an exact version; not `latest`",
  }),
  setting<string>({
    variable: "OTEL_COLLECTOR_CONTRIB_IMAGE",
    field: "images.gateway.repository",
    scope: "prod",
    description: "Repository of the OpenTelemetry Collector contrib image",
    default: "otel/opentelemetry-collector-contrib",
    parse: parseText,
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("OTEL_COLLECTOR_CONTRIB_IMAGE_DIGEST", "gateway", "prod", "gateway (contrib)"),
  setting<string>({
    variable: "ES_EXPORTER_VERSION",
    field: "images.elasticsearchExporter.tag",
    scope: "prod",
    description: "prometheus-community elasticsearch_exporter release",
    // renovate: datasource=docker depName=quay.io/prometheuscommunity/elasticsearch-exporter
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
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("ES_EXPORTER_IMAGE_DIGEST", "elasticsearchExporter", "prod", "elasticsearch_exporter"),
  setting<string>({
    variable: "ECK_OPERATOR_IMAGE",
    field: "images.eckOperator.repository",
    scope: "prod",
    description: `Repository of the ECK operator image; its tag is always the chart's ${ECK_OPERATOR_VERSION}`,
    default: "docker.elastic.co/eck/eck-operator",
    parse: parseText,
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("ECK_OPERATOR_IMAGE_DIGEST", "eckOperator", "prod", "ECK operator"),
  setting<string>({
    variable: "PROMETHEUS_VERSION",
    field: "images.prometheus.tag",
    scope: "local",
    // The release Jaeger v2.20.0's own Monitor tab example runs (docker-compose/monitor/docker-compose.yml).
    description: "Prometheus release of the local stack's Prometheus, which the Monitor tab reads",
    // renovate: datasource=docker depName=prom/prometheus
    default: "v3.12.0",
    parse: parseText,
    allowed: "an exact version tag; not `latest`",
  }),
  setting<string>({
    variable: "PROMETHEUS_IMAGE",
    field: "images.prometheus.repository",
    scope: "local",
    description: "Repository of the Prometheus image",
    default: "prom/prometheus",
    parse: parseText,
    allowed: IMAGE_REPOSITORY_ALLOWED,
  }),
  digestSetting("PROMETHEUS_IMAGE_DIGEST", "prometheus", "local", "Prometheus"),
  setting<string>({
    variable: "TRACING_HELM_REPOSITORY",
    field: "kubernetes.helmRepository",
    scope: "prod",
    description: "Helm repository the ECK charts come from: Elastic's, or a mirror of it in an air-gapped cluster",
    default: ELASTIC_HELM_REPOSITORY,
    parse: (raw) => parseServiceUrl(raw, SERVICE_URL_RULES.helmRepository),
    allowed: "an `https://` URL of a Helm repository serving `index.yaml` (Elastic's, or a mirror)",
  }),
  // Every prod pod: collector, query, gateway, bootstrap Job, exporter, Elasticsearch nodes, ECK operator.
  setting<string[]>({
    variable: "TRACING_IMAGE_PULL_SECRETS",
    field: "kubernetes.scheduling.imagePullSecrets",
    scope: "prod",
    description:
      "Secrets every prod pod pulls its images with (a private registry or mirror); create them first in the tracing namespace, and in the ECK namespace for the operator",
    default: [],
    defaultText: "none",
    parse: parseSecretNames,
    allowed: "empty, or comma-separated Secret names (DNS subdomains) of type `kubernetes.io/dockerconfigjson`",
  }),
  setting<Record<string, string>>({
    variable: "TRACING_NODE_SELECTOR",
    field: "kubernetes.scheduling.nodeSelector",
    scope: "prod",
    description: "Node labels every prod pod's node must carry (`nodeSelector`)",
    default: {},
    defaultText: "none: any node",
    parse: parseLabels,
    allowed: "empty, or `key=value[,key=value]`: distinct keys, Kubernetes label syntax",
  }),
  setting<Toleration[]>({
    variable: "TRACING_TOLERATIONS",
    field: "kubernetes.scheduling.tolerations",
    scope: "prod",
    description: "Node taints every prod pod tolerates (nodes set aside for tracing, say)",
    default: [],
    defaultText: "none",
    parse: parseTolerations,
    allowed: `empty, or comma-separated ${TOLERATION_SYNTAX}: \`Equal\` with a value, \`Exists\` without; effect \`NoSchedule\`, \`PreferNoSchedule\` or \`NoExecute\`; seconds with \`NoExecute\` only (see "Air-gapped clusters")`,
  }),
  setting<string>({
    variable: "TRACING_PRIORITY_CLASS",
    field: "kubernetes.scheduling.priorityClassName",
    scope: "prod",
    description: "PriorityClass of every prod pod",
    default: "",
    defaultText: "none: the cluster's default",
    parse: parsePriorityClass,
    allowed: "empty, or the name of an existing PriorityClass (a DNS subdomain), not a `system-` one",
  }),
  setting<number>({
    variable: "ES_NODE_COUNT",
    field: "elasticsearch.nodeCount",
    scope: "both",
    description: "Elasticsearch nodes (prod runs one per host)",
    default: perStack(1, 3),
    parse: parseWholeNumber,
    ...wholeIn(1, 99),
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
    ...decimalIn(0.001, 10000),
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
    ...wholeIn(1, 16),
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
    description: "Generation of the writer, reader and monitor passwords: a new value rotates them (prod: the Secrets' write-only revision)",
    default: FIRST_CREDENTIALS_GENERATION,
    parse: parseText,
    allowed: "a whole number from 1 to 999999999; any new value rotates the passwords on the next deploy (see \"Rotating passwords\")",
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
    ...wholeIn(1, 397),
  }),
  setting<number>({
    variable: "TRACING_CERT_RENEW_DAYS",
    field: "certificates.leafRenewBeforeDays",
    scope: "both",
    description: "Server certificates are re-issued this many days before expiry (by the first deploy, or by cert-manager)",
    default: 30,
    parse: parseWholeNumber,
    allowed: "15 (past the 14-day expiry warning) to a third of `TRACING_CERT_VALIDITY_DAYS`",
    range: whole(1, 132),
  }),
  setting<string>({
    variable: "TRACING_CERTIFICATES",
    field: "certificates.mode",
    scope: "prod",
    description: "Who issues and renews the server certificates: the stack at deploy time, or cert-manager in the cluster (see \"Certificates\")",
    default: "terraform",
    parse: parseOneOf(CERTIFICATE_MODES),
    allowed: "`terraform` (the tls provider; a deploy renews) or `cert-manager` (cert-manager >= 1.16 must be installed; it renews)",
  }),
  setting<string>({
    variable: "TRACING_CERT_ISSUER",
    field: "certificates.issuer",
    scope: "prod",
    description: "`cert-manager` mode: an issuer the cluster already has (Vault, a private ACME) instead of the stack's own CA Issuers",
    default: "",
    defaultText: "none: the stack's CA, through its own Issuers",
    parse: parseIssuerReference,
    allowed: `${ISSUER_REFERENCE_ALLOWED}; \`cert-manager\` mode only, with \`TRACING_CERT_ISSUER_CA_FILE\``,
  }),
  setting<string>({
    variable: "TRACING_CERT_ISSUER_CA_FILE",
    field: "certificates.issuerCaFile",
    scope: "prod",
    description: "PEM file of the CAs `TRACING_CERT_ISSUER` signs with: every client trusts them too (set it one deploy before the issuer)",
    default: "",
    defaultText: "none",
    parse: parseFilePath,
    allowed: "a file of one or more PEM CA certificates and nothing else, relative to the project root or absolute",
    file: true,
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
    ...wholeIn(64, 1024),
  }),
  setting<number>({
    variable: "SDK_BSP_SCHEDULE_DELAY_MS",
    field: "sdk.batchSpanProcessor.scheduleDelayMs",
    scope: "both",
    description: "`OTEL_BSP_SCHEDULE_DELAY`",
    default: 5000,
    parse: parseWholeNumber,
    ...wholeIn(100, 60000, "ms"),
  }),
  setting<number>({
    variable: "SDK_BSP_EXPORT_TIMEOUT_MS",
    field: "sdk.batchSpanProcessor.exportTimeoutMs",
    scope: "both",
    description: "`OTEL_BSP_EXPORT_TIMEOUT`; also the grace the collector gives a connection it closes",
    default: 30000,
    parse: parseWholeNumber,
    ...wholeIn(1000, 120000, "ms"),
  }),
  setting<number>({
    variable: "SDK_BSP_MAX_QUEUE_SIZE",
    field: "sdk.batchSpanProcessor.maxQueueSize",
    scope: "both",
    description: "`OTEL_BSP_MAX_QUEUE_SIZE`",
    default: 2048,
    parse: parseWholeNumber,
    ...wholeIn(1, 1_000_000),
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
    description: "Spans per second all collectors store at full load (after sampling); sizes the storage queue",
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
    ...wholeIn(128, 65536),
  }),
  setting<number>({
    variable: "TRACING_GATEWAY_MEMORY_LIMIT_MIB",
    field: "gateway.memoryLimitMiB",
    scope: "prod",
    description: "`collector` mode: memory limit of each gateway; a full export queue must fit a quarter of it",
    default: 1024,
    parse: parseWholeNumber,
    ...wholeIn(128, 65536),
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
    // Terraform runs in cdktf.out/stacks/<stack>: a relative path is taken from the project root.
    parse: (raw) => parseKubeconfig(raw, PROJECT_ROOT_FROM_STACK),
    allowed: "a file path (`~/…`, absolute, or relative to the project root), or `in-cluster`",
  }),
  setting<string>({
    variable: "TRACING_KUBE_CONTEXT",
    field: "kubernetes.context",
    scope: "both",
    description: "kubeconfig context",
    default: "",
    defaultText: "the current context",
    parse: parseKubeContext,
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
    parse: (raw) => parseNamespaceList(raw, []) as Parsed<string[]>,
    allowed: "comma-separated existing namespaces, spaces around commas ignored; not kube-system, kube-public, kube-node-lease, the tracing or the ECK namespace",
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
    variable: "TRACING_ALLOW_LOCAL_STATE",
    field: "kubernetes.allowLocalState",
    scope: "prod",
    description: "Let prod keep its Terraform state in a local file: plaintext, unlocked, on one machine; a plan of prod refuses it otherwise",
    default: false,
    parse: parseBoolean,
    allowed: "`true` or `false` (see \"What Terraform state holds\")",
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
    variable: "TRACING_GATEWAY_REPLICAS",
    field: "kubernetes.gatewayReplicas",
    scope: "prod",
    description: "`collector` mode: gateways the autoscaler starts from",
    default: 2,
    parse: parseWholeNumber,
    ...wholeIn(2, 50),
  }),
  setting<number>({
    variable: "TRACING_GATEWAY_MAX_REPLICAS",
    field: "kubernetes.gatewayMaxReplicas",
    scope: "prod",
    description: "`collector` mode: gateways the autoscaler may scale to",
    default: 6,
    parse: parseWholeNumber,
    allowed: "`TRACING_GATEWAY_REPLICAS` to 100",
    range: whole(2, 100),
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_REPLICAS",
    field: "kubernetes.collectorReplicas",
    scope: "prod",
    description: "Collectors the autoscaler starts from; in `collector` mode, the fixed count",
    default: 2,
    parse: parseWholeNumber,
    ...wholeIn(2, 50),
  }),
  setting<number>({
    variable: "TRACING_COLLECTOR_MAX_REPLICAS",
    field: "kubernetes.collectorMaxReplicas",
    scope: "prod",
    description: "Collectors the autoscaler may scale to (`sdk` mode; in `collector` mode the count is fixed)",
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
    ...wholeIn(2, 20),
  }),
  setting<string>({
    variable: "TRACING_UI_HOST",
    field: "kubernetes.ingress.host",
    scope: "prod",
    description: "Host name an Ingress serves the UI on; requires `TRACING_UI_AUTH_URL`",
    default: "",
    defaultText: "none: no Ingress, the UI is cluster-internal",
    parse: parseIngressHost,
    allowed: "a DNS name (not an IP address; `*.example.com` needs `JAEGER_UI_URL`); requires `TRACING_UI_AUTH_URL`",
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
    variable: "TRACING_PROMETHEUS_URL",
    field: "kubernetes.prometheus.url",
    scope: "prod",
    description: "Prometheus HTTP API the Monitor tab reads (it must scrape the span metrics and, in `sdk` mode, load the rules; docs/monitoring.md#monitor-tab-service-performance-monitoring)",
    default: "",
    defaultText: "none: the Monitor tab is off",
    parse: (raw) => parseServiceUrl(raw, SERVICE_URL_RULES.prometheus),
    allowed: "empty, an `https://` URL or `http://` to a cluster Service; its host a cluster Service (`<service>.<namespace>.svc`) or an IP address, its port the Prometheus pods' own",
  }),
  setting<string>({
    variable: "TRACING_PROMETHEUS_CA_SECRET",
    field: "kubernetes.prometheus.caSecret",
    scope: "prod",
    description: "Secret in the tracing namespace whose `ca.crt` verifies an `https://` TRACING_PROMETHEUS_URL",
    default: "",
    defaultText: "none: the system's CAs",
    parse: parseSecretName,
    allowed: "empty, or a Secret name; requires an `https://` TRACING_PROMETHEUS_URL",
  }),
  setting<string>({
    variable: "TRACING_PROMETHEUS_TOKEN_SECRET",
    field: "kubernetes.prometheus.tokenSecret",
    scope: "prod",
    description: "Secret in the tracing namespace whose `token` query sends to Prometheus as a bearer token (re-read every 10 s)",
    default: "",
    defaultText: "none",
    parse: parseSecretName,
    allowed: "empty, or a Secret name; requires TRACING_PROMETHEUS_URL, not with TRACING_PROMETHEUS_BASIC_AUTH_SECRET",
  }),
  setting<string>({
    variable: "TRACING_PROMETHEUS_BASIC_AUTH_SECRET",
    field: "kubernetes.prometheus.basicAuthSecret",
    scope: "prod",
    description: "Secret in the tracing namespace with `username` and `password` (type `kubernetes.io/basic-auth`) that query sends to Prometheus",
    default: "",
    defaultText: "none",
    parse: parseSecretName,
    allowed: "empty, or a Secret name; requires TRACING_PROMETHEUS_URL, not with TRACING_PROMETHEUS_TOKEN_SECRET",
  }),
  setting<string>({
    variable: "TRACING_UI_AUTH_URL",
    field: "kubernetes.ingress.authUrl",
    scope: "prod",
    description: "Authentication service that approves each UI request (e.g. oauth2-proxy `/oauth2/auth`)",
    default: "",
    defaultText: "none",
    parse: (raw) => parseServiceUrl(raw, SERVICE_URL_RULES.uiAuthUrl),
    allowed: "URL of the authentication service that approves each UI request (`http://` only to a `*.svc` name)",
  }),
  setting<string>({
    variable: "TRACING_UI_AUTH_SIGNIN_URL",
    field: "kubernetes.ingress.authSignInUrl",
    scope: "prod",
    description: "Where unauthenticated users are sent to sign in (e.g. oauth2-proxy `/oauth2/start`)",
    default: "",
    defaultText: "none",
    parse: (raw) => parseServiceUrl(raw, SERVICE_URL_RULES.uiAuthSignInUrl),
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
    description: "The Prometheus Operator's CRDs are installed: ServiceMonitors, a PrometheusRule and the ECK operator's PodMonitor instead of the paste-in scrape job (examples/<scenario>/prometheus-scrape.yaml) and a rules ConfigMap",
    default: false,
    parse: parseBoolean,
    allowed: "`true` or `false`",
  }),
  setting<Record<string, string>>({
    variable: "TRACING_PROMETHEUS_SELECTOR_LABELS",
    field: "kubernetes.prometheusSelectorLabels",
    scope: "prod",
    description: "Labels on the PrometheusRule, ServiceMonitors and ECK PodMonitor (`TRACING_PROMETHEUS_OPERATOR=true`) that the Prometheus' ruleSelector, serviceMonitorSelector and podMonitorSelector match: kube-prometheus-stack's are `release=<its Helm release>`",
    default: { release: "kube-prometheus-stack" },
    defaultText: "release=kube-prometheus-stack",
    parse: parseLabels,
    allowed: "empty (a Prometheus that selects every object), or `key=value[,key=value]`: distinct keys, Kubernetes label syntax",
  }),
  setting<string>({
    variable: "TRACING_ALERT_SELECTOR",
    field: "alerts.selector",
    scope: "both",
    description: "PromQL label matchers that select this backend's series in the alert rules and dashboard; locally the bundled Prometheus gives its targets these labels (the `job` matcher names its scrape job), so only `label=\"value\"` matchers, not on `instance`, and a job other than `prometheus` (its own) and empty",
    default: (s) => (s.stack === "local" ? 'job="genesis-tracing"' : `namespace="${s.kubernetes.namespace}"`),
    defaultText: '`job="genesis-tracing"` / `namespace="<namespace>"`',
    parse: parseAlertSelector,
    allowed: "PromQL label matchers (RE2 regexes, no `__name__`)",
  }),
  setting<number>({
    variable: "TRACING_ALERT_NO_TRACES_MINUTES",
    field: "alerts.noTracesMinutes",
    scope: "both",
    description: "Alert when no span arrived for this long (traces per minute must stay > 0)",
    default: 10,
    parse: parseWholeNumber,
    ...wholeIn(1, 1440, "minutes"),
  }),
  setting<number>({
    variable: "TRACING_ALERT_EXPORT_FAILURE_RATIO",
    field: "alerts.exportFailureRatio",
    scope: "both",
    description: "Share of spans the collector fails to store (the guide: 1 %)",
    default: 0.01,
    parse: parseDecimal,
    ...decimalIn(0.0001, 0.5),
  }),
  setting<number>({
    variable: "TRACING_ALERT_SPAN_DROP_RATIO",
    field: "alerts.spanDropRatio",
    scope: "both",
    description: "Share of spans refused or dropped before storage (the guide: 0.1 %)",
    default: 0.001,
    parse: parseDecimal,
    ...decimalIn(0.00001, 0.5),
  }),
  setting<number>({
    variable: "TRACING_ALERT_COLLECTOR_LATENCY_MS",
    field: "alerts.collectorLatencyMs",
    scope: "both",
    description: "p99 time spent in the collector's processors (the guide: 10 ms)",
    default: 10,
    parse: parseDecimal,
    ...decimalIn(1, 60000, "ms"),
  }),
  setting<number>({
    variable: "TRACING_ALERT_OPERATION_P99_MS",
    field: "alerts.operationLatencyP99Ms",
    scope: "both",
    description: "p99 duration of traced server operations (the guide: 200 ms)",
    default: 200,
    parse: parseDecimal,
    ...decimalIn(1, 600000, "ms"),
  }),
  setting<number>({
    variable: "TRACING_ALERT_DISK_USED_RATIO",
    field: "alerts.diskUsedRatio",
    scope: "both",
    description: "Used share of an Elasticsearch data disk (the low watermark is 0.85)",
    default: 0.8,
    parse: parseDecimal,
    ...decimalIn(0.1, 0.85),
  }),
  setting<number>({
    variable: "TRACING_ALERT_ES_HEAP_USED_RATIO",
    field: "alerts.heapUsedRatio",
    scope: "prod",
    description: "Used share of an Elasticsearch node's JVM heap, held for 15 minutes (the real-memory circuit breaker trips at 0.95)",
    default: 0.85,
    parse: parseDecimal,
    allowed: "decimal in [0.5, 0.95]",
    range: { min: 0.5, max: 0.95 },
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_OTLP_GRPC",
    field: "hostPorts.otlpGrpc",
    scope: "local",
    description: "Port on 127.0.0.1 for OTLP/gRPC, for services on the laptop",
    default: PORTS.otlpGrpc,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_OTLP_HTTP",
    field: "hostPorts.otlpHttp",
    scope: "local",
    description: "Port on 127.0.0.1 for OTLP/HTTP, for services on the laptop",
    default: PORTS.otlpHttp,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_UI",
    field: "hostPorts.queryHttp",
    scope: "local",
    description: "Port on 127.0.0.1 for the Jaeger UI and API",
    default: PORTS.queryHttp,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_ELASTICSEARCH",
    field: "hostPorts.elasticsearchHttp",
    scope: "local",
    description: "Port on 127.0.0.1 for Elasticsearch, for the health curl",
    default: PORTS.elasticsearchHttp,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_METRICS",
    field: "hostPorts.metrics",
    scope: "local",
    description: "Port on 127.0.0.1 for the collector's metrics, for a Prometheus on the laptop",
    default: PORTS.metrics,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_PROMETHEUS",
    field: "hostPorts.prometheus",
    scope: "local",
    description: "Port on 127.0.0.1 for the local Prometheus (its UI and API; the Monitor tab reads it inside the network)",
    default: PORTS.prometheus,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
  setting<number>({
    variable: "TRACING_HOST_PORT_SPAN_METRICS",
    field: "hostPorts.spanMetrics",
    scope: "local",
    description: "Port on 127.0.0.1 for the collector's span metrics, for a Prometheus on the laptop",
    default: PORTS.spanMetrics,
    parse: parseWholeNumber,
    allowed: "1024 to 65535, free on the laptop, distinct from the other host ports",
    range: whole(1024, 65535),
  }),
];

/** The stack prefixes a variable may carry: `LOCAL_`, `PROD_`. */
export const STACK_PREFIXES: readonly string[] = STACK_NAMES.map((stack) => `${stack.toUpperCase()}_`);
