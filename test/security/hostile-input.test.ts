/**
 * Hostile and malformed settings: each must stop the synth with a message naming the field,
 * before any stack (and so any rendered config) exists.
 */
import { Testing } from "cdktf";
import { addTracingStacks } from "../../stacks/app";
import type { EnvironmentVariables } from "../../tracing/settings";
import { SettingsError } from "../../tracing/validation";

type HostileCase = [description: string, env: EnvironmentVariables, field: string, dotenvKeys?: string[]];
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
  ["a typo of TRACE_SAMPLING_RATE in .env", { TRACE_SAMPLNG_RATE: "0.5" }, ".env", ["TRACE_SAMPLNG_RATE"]],
  ["a typo of OTLP_ENDPOINT in .env", { OTLP_ENDPIONT: "https://x:4317" }, ".env", ["OTLP_ENDPIONT"]],
  ["an unknown variable of ours in .env", { TRACING_NAMESPACES: "observability" }, ".env", ["TRACING_NAMESPACES"]],
];

let rejected = 0;

// A rest parameter: with a fourth named parameter Jest would pass a `done` callback into it.
test.each(cases)("rejects %s", (...row) => {
  const [, env, field, dotenvKeys] = row as HostileCase;
  const app = Testing.app();
  let error: unknown;
  try {
    addTracingStacks(app, env, { dotenvKeys });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SettingsError);
  expect((error as Error).message).toContain(`- ${field}`);
  expect((error as Error).message).toMatch(/ must be .+, got /);
  // Nothing was built, so nothing was rendered.
  expect(app.node.children).toHaveLength(0);
  rejected += 1;
});

test("a .env file may hold variables that are not ours", () => {
  expect(() => addTracingStacks(Testing.app(), { CHECKPOINT_DISABLE: "1" }, { dotenvKeys: ["CHECKPOINT_DISABLE", "HTTPS_PROXY"] })).not.toThrow();
});

afterAll(() => {
  process.stdout.write(`hostile inputs rejected: ${rejected} of ${cases.length}\n`);
});
