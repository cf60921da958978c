/**
 * Hostile and malformed settings: each must stop the synth with a message naming the field,
 * before any stack (and so any rendered config) exists.
 */
import { Testing } from "cdktf";
import { KNOWN_VARIABLES, resolveEnvironment } from "../../environment";
import { addTracingStacks } from "../../stacks/app";
import { inspectDotenv } from "../../tracing/parsers/dotenv-file";
import { resolveAllSettings, type EnvironmentVariables } from "../../tracing/settings";
import { SettingsError } from "../../tracing/validation";

/** A case, and for a `.env` case the file's text instead of variables. */
type HostileCase = [description: string, env: EnvironmentVariables, field: string];
type DotenvCase = [description: string, dotenv: string, key: string];
const withAuth = { TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth" };

const cases: HostileCase[] = [
  ["sampling rate just above 1", { TRACE_SAMPLING_RATE: "1.0001" }, "sampling.baseRate"],
  ["sampling rate NaN", { TRACE_SAMPLING_RATE: "NaN" }, "sampling.baseRate"],
  ["sampling rate Infinity", { TRACE_SAMPLING_RATE: "Infinity" }, "sampling.baseRate"],
  ["sampling rate negative", { TRACE_SAMPLING_RATE: "-1" }, "sampling.baseRate"],
  ["sampling rate empty", { TRACE_SAMPLING_RATE: "" }, "sampling.baseRate"],
  ["sampling rate with leading whitespace", { TRACE_SAMPLING_RATE: " 0.5" }, "sampling.baseRate"],
  ["sampling rate with a trailing newline", { TRACE_SAMPLING_RATE: "0.5\n" }, "sampling.baseRate"],
  ["sampling rate as a hex number", { TRACE_SAMPLING_RATE: "0x1" }, "sampling.baseRate"],
  ["stack-scoped sampling rate out of range", { LOCAL_TRACE_SAMPLING_RATE: "2" }, "sampling.baseRate (from LOCAL_TRACE_SAMPLING_RATE)"],
  ["sampling mode of another name", { TRACE_SAMPLING_MODE: "tail" }, "sampling.mode"],
  ["sampling mode in capitals", { TRACE_SAMPLING_MODE: "COLLECTOR" }, "sampling.mode"],
  ["head rate zero, which would export nothing to sample", { TRACE_SAMPLING_HEAD_RATE: "0" }, "sampling.headRate"],
  ["head rate above 1", { TRACE_SAMPLING_HEAD_RATE: "1.5" }, "sampling.headRate"],
  // A pattern becomes an OTTL string: a quote or backslash would end it or change the regex.
  ["critical operation with an OTTL quote", { TRACE_SAMPLING_CRITICAL_OPERATIONS: 'genesis.order.*") or IsMatch(name, ".*' }, "sampling.criticalOperations"],
  ["critical operation with a backslash", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis\\.order" }, "sampling.criticalOperations"],
  ["critical operation as a regex", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis.(order|risk).+" }, "sampling.criticalOperations"],
  ["critical operation with a newline", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis.order.*\npolicies: []" }, "sampling.criticalOperations"],
  ["an empty critical operation", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis.order.*,," }, "sampling.criticalOperations"],
  ["no critical operation at all", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "" }, "sampling.criticalOperations"],
  ["critical operation over 128 characters", { TRACE_SAMPLING_CRITICAL_OPERATIONS: "o".repeat(129) }, "sampling.criticalOperations"],
  ["critical attribute without a value", { TRACE_SAMPLING_CRITICAL_ATTRIBUTE: "genesis.critical" }, "sampling.criticalAttribute"],
  ["critical attribute with a YAML injection", { TRACE_SAMPLING_CRITICAL_ATTRIBUTE: "k=v\n  invert_match: true" }, "sampling.criticalAttribute"],
  ["critical attribute with a quote", { TRACE_SAMPLING_CRITICAL_ATTRIBUTE: 'k="v"' }, "sampling.criticalAttribute"],
  ["a design rate the collectors cannot buffer", { TRACE_SAMPLING_MODE: "collector", TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "100000" }, "sampling.designSpansPerSecond"],
  ["a design rate of zero", { TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND: "0" }, "sampling.designSpansPerSecond"],
  ["a longest trace of an hour", { TRACE_SAMPLING_LONGEST_TRACE_SECONDS: "3600" }, "sampling.longestTraceSeconds"],
  ["a gateway too small for its queue", { TRACE_SAMPLING_MODE: "collector", TRACING_GATEWAY_MEMORY_LIMIT_MIB: "128" }, "gateway.memoryLimitMiB"],
  ["a single gateway", { TRACING_GATEWAY_REPLICAS: "1" }, "kubernetes.gatewayReplicas"],
  // The collectors refuse clients in collector mode: every span would be lost.
  ["collector mode with clients still sent to the collectors", { TRACE_SAMPLING_MODE: "collector", OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317" }, "otlpEndpoint"],
  ["collector mode with clients sent to a collector as host:port", { TRACE_SAMPLING_MODE: "collector", OTLP_ENDPOINT: "jaeger-collector:4317" }, "otlpEndpoint"],
  ["collector mode storing less than the base rule keeps", { TRACE_SAMPLING_MODE: "collector", TRACING_COLLECTOR_DESIGN_SPANS_PER_SECOND: "10" }, "collector.designSpansPerSecond"],
  ["fewer gateways at most than at least", { TRACING_GATEWAY_REPLICAS: "4", TRACING_GATEWAY_MAX_REPLICAS: "3" }, "kubernetes.gatewayMaxReplicas"],
  ["gateway image latest", { OTEL_COLLECTOR_CONTRIB_VERSION: "latest" }, "images.gateway.tag"],
  ["gateway image with a shell injection", { OTEL_COLLECTOR_CONTRIB_IMAGE: "otel/contrib; rm -rf /" }, "images.gateway.repository"],
  ["retention with a unit", { TRACE_RETENTION_DAYS: "7d" }, "retentionDays"],
  ["retention zero", { TRACE_RETENTION_DAYS: "0" }, "retentionDays"],
  ["retention negative", { TRACE_RETENTION_DAYS: "-7" }, "retentionDays"],
  ["retention beyond ten years", { TRACE_RETENTION_DAYS: "3651", ES_DISK_GIB: "60000" }, "retentionDays"],
  ["OTLP endpoint with an injected newline", { OTLP_ENDPOINT: "collector:4317\nOTEL_SDK_DISABLED=true" }, "otlpEndpoint"],
  ["OTLP endpoint with a shell injection", { OTLP_ENDPOINT: 'https://collector:4317"; rm -rf /' }, "otlpEndpoint"],
  ["OTLP endpoint carrying credentials", { OTLP_ENDPOINT: "https://user:secret@collector:4317" }, "otlpEndpoint"],
  ["OTLP endpoint of another scheme", { OTLP_ENDPOINT: "ftp://collector:4317" }, "otlpEndpoint"],
  ["OTLP endpoint empty", { OTLP_ENDPOINT: "" }, "otlpEndpoint"],
  ["OTLP endpoint with an invalid host name", { OTLP_ENDPOINT: "https://-collector-:4317" }, "otlpEndpoint"],
  ["OTLP_SECURE in capitals", { OTLP_SECURE: "TRUE" }, "otlpSecure"],
  ["OTLP_SECURE off", { OTLP_SECURE: "false" }, "otlpSecure"],
  ["UI URL with a script scheme", { JAEGER_UI_URL: "javascript:alert(1)" }, "jaegerUiUrl"],
  ["ENVIRONMENT with a trailing space", { ENVIRONMENT: "production " }, "environment"],
  ["ENVIRONMENT in another case", { ENVIRONMENT: "Production" }, "environment"],
  ["Jaeger version latest", { JAEGER_VERSION: "latest" }, "images.jaeger.tag"],
  ["Jaeger version with a shell injection", { JAEGER_VERSION: "2.20.0; rm -rf /" }, "images.jaeger.tag"],
  ["Jaeger v1", { JAEGER_VERSION: "1.76.0" }, "images.jaeger.tag"],
  ["Elasticsearch version with a newline", { ELASTICSEARCH_VERSION: "9.5.0\n" }, "images.elasticsearch.tag"],
  ["heap with a unit", { ES_HEAP_MIB: "2g" }, "elasticsearch.heapMiB"],
  ["heap beyond compressed pointers", { ES_HEAP_MIB: "99999999" }, "elasticsearch.heapMiB"],
  ["memory limit below twice the heap", { ES_MEMORY_LIMIT_MIB: "3000" }, "elasticsearch.memoryLimitMiB"],
  ["negative disk", { ES_DISK_GIB: "-5" }, "elasticsearch.diskGiB"],
  ["index prefix with a wildcard", { TRACE_INDEX_PREFIX: "genesis*" }, "indexPrefix"],
  ["index prefix too long", { TRACE_INDEX_PREFIX: "g".repeat(31) }, "indexPrefix"],
  ["service name with a shell injection", { SDK_SERVICE_NAME: 'orders"; rm -rf /' }, "sdk.serviceName"],
  ["service name over 63 characters", { SDK_SERVICE_NAME: "s".repeat(64) }, "sdk.serviceName"],
  ["service version with a newline", { SDK_SERVICE_VERSION: "1.0\nOTEL_SDK_DISABLED=true" }, "sdk.serviceVersion"],
  ["client namespace in capitals", { TRACING_CLIENT_NAMESPACES: "genesis,Orders" }, "kubernetes.clientNamespaces"],
  ["client namespace over 63 characters", { TRACING_CLIENT_NAMESPACES: "n".repeat(64) }, "kubernetes.clientNamespaces"],
  ["an empty client namespace", { TRACING_CLIENT_NAMESPACES: "genesis,,risk" }, "kubernetes.clientNamespaces"],
  ["the tracing namespace as a client", { TRACING_CLIENT_NAMESPACES: "tracing" }, "kubernetes.clientNamespaces"],
  ["a repeated client namespace", { TRACING_CLIENT_NAMESPACES: "genesis,genesis" }, "kubernetes.clientNamespaces"],
  ["kubeconfig path with a shell injection", { TRACING_KUBECONFIG: "~/.kube/config; rm -rf /" }, "kubernetes.kubeconfig"],
  ["kube context with quotes", { TRACING_KUBE_CONTEXT: 'prod" && curl evil' }, "kubernetes.context"],
  ["S3 state without a region", { TRACING_STATE_BACKEND: "s3://genesis-terraform/tracing" }, "stateBackend"],
  ["state backend of an unknown kind", { TRACING_STATE_BACKEND: "ftp://host/state" }, "stateBackend"],
  ["a UI host without authentication", { TRACING_UI_HOST: "jaeger.example.com" }, "kubernetes.ingress.authUrl"],
  ["a UI host in capitals", { TRACING_UI_HOST: "Jaeger.Example.com", ...withAuth }, "kubernetes.ingress.host"],
  ["a UI authentication URL that is not a URL", { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "not a url" }, "kubernetes.ingress.authUrl"],
  ["a StorageClass with a space", { TRACING_STORAGE_CLASS: "fast ssd" }, "kubernetes.storageClassName"],
  ["DNS namespace with a shell injection", { TRACING_DNS_NAMESPACE: "kube-system; rm -rf /" }, "kubernetes.dns.namespace"],
  ["DNS namespace over 63 characters", { TRACING_DNS_NAMESPACE: "n".repeat(64) }, "kubernetes.dns.namespace"],
  ["stack-scoped DNS namespace with a space", { PROD_TRACING_DNS_NAMESPACE: "openshift dns" }, "kubernetes.dns.namespace (from PROD_TRACING_DNS_NAMESPACE)"],
  ["DNS namespace that is the tracing namespace", { TRACING_DNS_NAMESPACE: "tracing" }, "kubernetes.dns.namespace"],
  ["DNS pod labels empty, which would select every pod", { TRACING_DNS_POD_LABELS: "" }, "kubernetes.dns.podLabels"],
  ["DNS pod label value with an injected YAML line", { TRACING_DNS_POD_LABELS: "k8s-app=kube-dns\n  evil: true" }, "kubernetes.dns.podLabels"],
  ["DNS pod labels as a set-based selector", { TRACING_DNS_POD_LABELS: "k8s-app in (kube-dns)" }, "kubernetes.dns.podLabels"],
  ["DNS pod label value as a wildcard", { TRACING_DNS_POD_LABELS: "k8s-app=*" }, "kubernetes.dns.podLabels"],
  ["DNS pod label key __proto__", { TRACING_DNS_POD_LABELS: "__proto__=kube-dns" }, "kubernetes.dns.podLabels"],
  ["DNS pod labels with a trailing comma", { TRACING_DNS_POD_LABELS: "k8s-app=kube-dns," }, "kubernetes.dns.podLabels"],
  ["DNS pod labels with a repeated key", { TRACING_DNS_POD_LABELS: "k8s-app=kube-dns,k8s-app=evil" }, "kubernetes.dns.podLabels"],
  ["DNS pod label key with a quote", { TRACING_DNS_POD_LABELS: 'k8s-app"=kube-dns' }, "kubernetes.dns.podLabels"],
  ["DNS port zero", { TRACING_DNS_PORT: "0" }, "kubernetes.dns.port"],
  ["DNS port beyond 65535", { TRACING_DNS_PORT: "65536" }, "kubernetes.dns.port"],
  ["DNS port negative", { TRACING_DNS_PORT: "-53" }, "kubernetes.dns.port"],
  ["DNS port with a protocol", { TRACING_DNS_PORT: "53/udp" }, "kubernetes.dns.port"],
  // State backends, refused the way the cloud would refuse them.
  ["S3 bucket with capitals", { TRACING_STATE_BACKEND: "s3://Genesis-State/tracing?region=eu-west-1" }, "stateBackend"],
  ["S3 bucket shaped like an IP address", { TRACING_STATE_BACKEND: "s3://192.168.5.4/tracing?region=eu-west-1" }, "stateBackend"],
  ["S3 bucket with adjacent dots", { TRACING_STATE_BACKEND: "s3://genesis..state/tracing?region=eu-west-1" }, "stateBackend"],
  ["S3 bucket with a reserved prefix", { TRACING_STATE_BACKEND: "s3://xn--genesis/tracing?region=eu-west-1" }, "stateBackend"],
  ["S3 key with a .. segment", { TRACING_STATE_BACKEND: "s3://genesis-state/a/../b?region=eu-west-1" }, "stateBackend"],
  ["S3 key with a leading slash", { TRACING_STATE_BACKEND: "s3://genesis-state//tracing?region=eu-west-1" }, "stateBackend"],
  ["S3 key with a trailing slash", { TRACING_STATE_BACKEND: "s3://genesis-state/tracing/?region=eu-west-1" }, "stateBackend"],
  ["S3 region that is an availability zone", { TRACING_STATE_BACKEND: "s3://genesis-state/tracing?region=eu-west-1a" }, "stateBackend"],
  ["GCS bucket containing google", { TRACING_STATE_BACKEND: "gcs://my-google-state/tracing" }, "stateBackend"],
  ["kubernetes backend namespace with capitals", { TRACING_STATE_BACKEND: "kubernetes://Terraform/genesis-tracing" }, "stateBackend"],
  ["kubernetes backend suffix with an underscore", { TRACING_STATE_BACKEND: "kubernetes://terraform/genesis_tracing" }, "stateBackend"],
  ["kubernetes backend suffix too long for a label", { TRACING_STATE_BACKEND: `kubernetes://terraform/${"s".repeat(58)}` }, "stateBackend"],
  // Kubeconfig and context.
  ["kubeconfig in another user's home", { TRACING_KUBECONFIG: "~ops/.kube/config" }, "kubernetes.kubeconfig"],
  ["a look-alike of in-cluster", { TRACING_KUBECONFIG: "in_cluster" }, "kubernetes.kubeconfig"],
  ["kubeconfig with Terraform template syntax", { TRACING_KUBECONFIG: "${path.root}/kubeconfig" }, "kubernetes.kubeconfig"],
  ["kubeconfig with a NUL", { TRACING_KUBECONFIG: "/etc/kube\0config" }, "kubernetes.kubeconfig"],
  ["kube context with a newline", { TRACING_KUBE_CONTEXT: "prod\nother" }, "kubernetes.context"],
  // URLs.
  ["OTLP endpoint on port 0", { OTLP_ENDPOINT: "https://collector:0" }, "otlpEndpoint"],
  ["OTLP endpoint on a port beyond 65535", { OTLP_ENDPOINT: "https://collector:65536" }, "otlpEndpoint"],
  ["OTLP host:port on port 0", { OTLP_ENDPOINT: "collector:0" }, "otlpEndpoint"],
  ["OTLP endpoint with a NUL", { OTLP_ENDPOINT: "https://collector\0:4317" }, "otlpEndpoint"],
  ["OTLP endpoint with an escape character", { OTLP_ENDPOINT: "https://collector\u001b[31m:4317" }, "otlpEndpoint"],
  ["OTLP endpoint with a carriage return", { OTLP_ENDPOINT: "https://collector:4317\r" }, "otlpEndpoint"],
  ["OTLP endpoint with Terraform template syntax", { OTLP_ENDPOINT: "https://${var.host}:4317" }, "otlpEndpoint"],
  ["UI URL carrying credentials", { JAEGER_UI_URL: "https://admin:secret@jaeger.example.com" }, "jaegerUiUrl"],
  ["UI URL over plain http", { JAEGER_UI_URL: "http://jaeger.example.com" }, "jaegerUiUrl"],
  ["UI URL on port 0", { JAEGER_UI_URL: "https://jaeger.example.com:0" }, "jaegerUiUrl"],
  ["auth URL over http outside the cluster", { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "http://auth.example.com/oauth2/auth" }, "kubernetes.ingress.authUrl"],
  ["auth URL carrying a user", { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://user@auth.example.com/oauth2/auth" }, "kubernetes.ingress.authUrl"],
  ["sign-in URL with a line feed", { TRACING_UI_AUTH_SIGNIN_URL: "https://auth.example.com/start\nLocation: evil" }, "kubernetes.ingress.authSignInUrl"],
  ["sign-in URL over plain http", { TRACING_UI_AUTH_SIGNIN_URL: "http://auth.example.com/start" }, "kubernetes.ingress.authSignInUrl"],
  // The Ingress host.
  ["a UI host that is an IPv4 address", { TRACING_UI_HOST: "10.1.2.3", ...withAuth }, "kubernetes.ingress.host"],
  ["a UI host that is an IPv6 address", { TRACING_UI_HOST: "::1", ...withAuth }, "kubernetes.ingress.host"],
  ["a UI host with a port", { TRACING_UI_HOST: "jaeger.example.com:443", ...withAuth }, "kubernetes.ingress.host"],
  ["a wildcard UI host without a UI URL", { TRACING_UI_HOST: "*.example.com", ...withAuth }, "jaegerUiUrl"],
  // Client namespaces.
  ["kube-system as a client", { TRACING_CLIENT_NAMESPACES: "genesis,kube-system" }, "kubernetes.clientNamespaces"],
  ["kube-public as a client", { TRACING_CLIENT_NAMESPACES: "kube-public" }, "kubernetes.clientNamespaces"],
  ["kube-node-lease as a client", { TRACING_CLIENT_NAMESPACES: "kube-node-lease" }, "kubernetes.clientNamespaces"],
  ["the ECK operator's namespace as a client", { TRACING_CLIENT_NAMESPACES: "elastic-system" }, "kubernetes.clientNamespaces"],
  ["a moved tracing namespace as a client", { TRACING_NAMESPACE: "observability", TRACING_CLIENT_NAMESPACES: "observability" }, "kubernetes.clientNamespaces"],
  ["an empty client namespace list", { TRACING_CLIENT_NAMESPACES: "" }, "kubernetes.clientNamespaces"],
  ["a client namespace list of commas", { TRACING_CLIENT_NAMESPACES: " , " }, "kubernetes.clientNamespaces"],
  ["a repeated client namespace after trimming", { TRACING_CLIENT_NAMESPACES: "genesis, genesis" }, "kubernetes.clientNamespaces"],
  // The alert selector.
  ["an alert selector with a lookahead", { TRACING_ALERT_SELECTOR: 'job=~"(?=x)genesis"' }, "alerts.selector"],
  ["an alert selector with a backreference", { TRACING_ALERT_SELECTOR: 'job=~"(a)\\1"' }, "alerts.selector"],
  ["an alert selector on __name__", { TRACING_ALERT_SELECTOR: '__name__="up"' }, "alerts.selector"],
  ["an alert selector with braces", { TRACING_ALERT_SELECTOR: '{job="x"}' }, "alerts.selector"],
  ["an alert selector that is a query", { TRACING_ALERT_SELECTOR: 'job="x"} or vector(1) or up{a="b"' }, "alerts.selector"],
  ["an alert selector with a metric name", { TRACING_ALERT_SELECTOR: 'up{job="x"}' }, "alerts.selector"],
  ["an alert selector with a trailing comma", { TRACING_ALERT_SELECTOR: 'job="x",' }, "alerts.selector"],
  ["an alert selector with an unknown escape", { TRACING_ALERT_SELECTOR: 'job="\\q"' }, "alerts.selector"],
  // Stack scope.
  ["LOCAL_ on a prod-only setting", { LOCAL_TRACING_UI_HOST: "jaeger.example.com" }, "kubernetes.ingress.host (from LOCAL_TRACING_UI_HOST)"],
  ["LOCAL_ on the namespace", { LOCAL_TRACING_NAMESPACE: "tracing" }, "kubernetes.namespace (from LOCAL_TRACING_NAMESPACE)"],
  ["LOCAL_ on the DNS port", { LOCAL_TRACING_DNS_PORT: "53" }, "kubernetes.dns.port (from LOCAL_TRACING_DNS_PORT)"],
  // Upper bounds.
  ["a memory limit beyond any node", { ES_MEMORY_LIMIT_MIB: "999999" }, "elasticsearch.memoryLimitMiB"],
  ["a disk beyond any volume", { ES_DISK_GIB: "999999" }, "elasticsearch.diskGiB"],
  ["a hundred Elasticsearch nodes", { ES_NODE_COUNT: "100" }, "elasticsearch.nodeCount"],
  ["more index replicas than nodes allow", { ES_INDEX_REPLICAS: "3" }, "elasticsearch.replicas"],
  ["fifty shards per index", { ES_INDEX_SHARDS: "50" }, "elasticsearch.shards"],
  ["a collector memory limit of a terabyte", { TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1048576" }, "collector.memoryLimitMiB"],
  ["a thousand collectors", { TRACING_COLLECTOR_MAX_REPLICAS: "1000" }, "kubernetes.collectorMaxReplicas"],
  ["a hundred query replicas", { TRACING_QUERY_REPLICAS: "100" }, "kubernetes.queryReplicas"],
  ["a server certificate for three years", { TRACING_CERT_VALIDITY_DAYS: "1095", TRACING_CERT_RENEW_DAYS: "30" }, "certificates.leafValidityDays"],
  ["a batch larger than the SDK queue", { SDK_BSP_MAX_EXPORT_BATCH_SIZE: "4096" }, "sdk.batchSpanProcessor.maxExportBatchSize"],
  ["a decimal with a thousand digits", { TRACE_SAMPLING_RATE: `0.${"1".repeat(1000)}` }, "sampling.baseRate"],
  ["a whole number with twenty digits", { TRACE_RETENTION_DAYS: "1".repeat(20) }, "retentionDays"],
  // Choices and lists.
  ["a CA slot that does not exist", { TRACING_CA_SIGNING: "red" }, "certificates.signingAuthority"],
  ["a CA signing before it is trusted", { TRACING_CA_SIGNING: "green" }, "certificates.signingAuthority"],
  ["a CA trusted twice", { TRACING_CA_TRUSTED: "blue,blue" }, "certificates.trustedAuthorities"],
  ["an ECK mode that does not exist", { TRACING_ECK_OPERATOR: "helm" }, "kubernetes.eckOperator"],
  ["a data-destroy switch of yes", { TRACING_ALLOW_DATA_DESTROY: "yes" }, "kubernetes.allowDataDestroy"],
  ["a redacted attribute with a space", { TRACE_REDACTED_ATTRIBUTES: "api_key,credit card" }, "redactedAttributeKeys"],
  ["a password generation with a slash", { TRACING_CREDENTIALS_GENERATION: "2/3" }, "credentialsGeneration"],
  ["a Jaeger image with a tag in it", { JAEGER_IMAGE: "jaegertracing/jaeger:latest" }, "images.jaeger.repository"],
  ["an exporter version of latest", { ES_EXPORTER_VERSION: "latest" }, "images.elasticsearchExporter.tag"],
  ["a node-local DNS range instead of an address", { TRACING_DNS_NODE_LOCAL_ADDRESS: "169.254.0.0/16" }, "kubernetes.dns.nodeLocalAddress"],
  // The emergency switch word anywhere else is just a bad value.
  ["the sampling rate disabled", { TRACE_SAMPLING_RATE: "disabled" }, "sampling.baseRate"],
  ["the state backend disabled", { TRACING_STATE_BACKEND: "disabled" }, "stateBackend"],
  ["the UI URL disabled", { JAEGER_UI_URL: "disabled" }, "jaegerUiUrl"],
  ["OTLP_SECURE disabled", { OTLP_SECURE: "disabled" }, "otlpSecure"],
  // Combinations.
  ["a context named with an in-cluster kubeconfig", { TRACING_KUBECONFIG: "in-cluster", TRACING_KUBE_CONTEXT: "prod" }, "kubernetes.context"],
  ["a retention no disk can hold", { TRACE_RETENTION_DAYS: "3650", ES_DAILY_VOLUME_GIB: "100" }, "elasticsearch.diskGiB"],
  ["a tracing namespace that is the DNS namespace", { TRACING_NAMESPACE: "kube-system" }, "kubernetes.dns.namespace"],
  ["an alert selector that mutes the health rule", { TRACING_ALERT_SELECTOR: 'color="red"' }, "alerts.selector"],
  ["an alert selector on the exporter label", { TRACING_ALERT_SELECTOR: 'namespace="tracing",exporter="x"' }, "alerts.selector"],
  ["a value of 100 000 characters", { JAEGER_IMAGE: "a".repeat(100_000) }, "images.jaeger.repository"],
];

/** `.env` files that would silently leave a default in force: refused with the line and the key. */
const dotenvCases: DotenvCase[] = [
  ["a typo of TRACE_SAMPLING_RATE", "TRACE_SAMPLNG_RATE=0.5\n", "TRACE_SAMPLNG_RATE"],
  ["a typo of OTLP_ENDPOINT", "OTLP_ENDPIONT=https://x:4317\n", "OTLP_ENDPIONT"],
  ["an unknown variable of ours", "TRACING_NAMESPACES=observability\n", "TRACING_NAMESPACES"],
  ["a lowercase emergency switch, which would leave tracing on", "otlp_endpoint=disabled\n", "otlp_endpoint"],
  ["a key in mixed case", "Trace_Sampling_Rate=0.5\n", "Trace_Sampling_Rate"],
  ["an unknown stack prefix", "DEV_TRACE_SAMPLING_RATE=0.5\n", "DEV_TRACE_SAMPLING_RATE"],
  ["a zero-width space inside a key", "TRACE_\u200BSAMPLING_RATE=0.5\n", "TRACE_\u200BSAMPLING_RATE"],
  ["a non-ASCII letter in a key", "TRACE_SAMPLİNG_RATE=0.5\n", "TRACE_SAMPLİNG_RATE"],
  ["a key set twice", "TRACE_SAMPLING_RATE=0.5\nTRACE_SAMPLING_RATE=0.1\n", "TRACE_SAMPLING_RATE"],
  ["a line dotenv would drop", "TRACE_SAMPLING_RATE 0.5\n", "TRACE_SAMPLING_RATE 0.5"],
];

let rejected = 0;

// A rest parameter: with a fourth named parameter Jest would pass a `done` callback into it.
test.each(cases)("rejects %s", (...row) => {
  const [, env, field] = row as HostileCase;
  const app = Testing.app();
  let error: unknown;
  try {
    addTracingStacks(app, resolveAllSettings(env));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SettingsError);
  const message = (error as Error).message;
  expect(message).toContain(`- ${field}`);
  expect(message).toMatch(/ must be .+, got /);
  // The variable to change is named on the problem's own line: one the case set.
  const line = message.split("\n").find((l) => l.includes(`- ${field}`)) as string;
  expect(line).toMatch(/\((from|set) [A-Z][A-Z0-9_]*/);
  expect({ line, names: Object.keys(env).some((variable) => line.includes(variable)) }).toEqual({ line, names: true });
  // Nothing was built, so nothing was rendered.
  expect(app.node.children).toHaveLength(0);
  rejected += 1;
});

test.each(dotenvCases)("rejects a .env with %s", (_description, dotenv, key) => {
  const problems = inspectDotenv(dotenv, KNOWN_VARIABLES).problems;
  expect(problems.map((p) => p.key)).toContain(key);
  expect(() => resolveEnvironment({ file: ".env", variables: {}, problems })).toThrow(/invalid settings in \.env:\n {2}- line \d+: /);
  rejected += 1;
});

test("a .env file may hold variables that are not ours", () => {
  expect(inspectDotenv("CHECKPOINT_DISABLE=1\nHTTPS_PROXY=http://proxy:3128\n", KNOWN_VARIABLES).problems).toEqual([]);
});

afterAll(() => {
  process.stdout.write(`hostile inputs rejected: ${rejected} of ${cases.length + dotenvCases.length}\n`);
});

test("a refused value never floods the terminal: control characters are escaped, long values cut", () => {
  const messageOf = (env: EnvironmentVariables) => {
    try {
      resolveAllSettings(env);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("accepted");
  };
  for (const env of [{ TRACING_UI_HOST: "a\u001b[2Jb.example.com" }, { JAEGER_UI_URL: `https://jaeger.example.com/${"x".repeat(1900)}#` }, { OTLP_ENDPOINT: "https://coll\u202eector:4317" }]) {
    const message = messageOf(env);
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    for (const line of message.split("\n")) expect(line.length).toBeLessThan(600);
  }
});
