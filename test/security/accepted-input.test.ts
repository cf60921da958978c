/**
 * Unusual settings that are accepted must still produce valid output: every rendered document
 * survives a YAML round trip unchanged (nothing a value carried became a key), every alert
 * expression parses as PromQL, and the SDK environment stays one variable per line.
 */
import { parse as parseYaml } from "yaml";
import { renderAlertRules } from "../../tracing/alert-rules";
import { renderBootstrapScript } from "../../tracing/bootstrap-script";
import { renderElasticsearchValues, renderRolesFile } from "../../tracing/eck-values";
import { renderGatewayConfig } from "../../tracing/gateway-config";
import { renderCollectorConfig, renderQueryConfig } from "../../tracing/jaeger-config";
import { renderNetworkPolicies } from "../../tracing/network-policy";
import { renderSdkEnvironment, toEnvFile } from "../../tracing/sdk-environment";
import { resolveSettings, STACK_NAMES, type EnvironmentVariables } from "../../tracing/settings";
import { prodTopology } from "../../tracing/topology";
import { toYaml } from "../../tracing/yaml";
import { promqlErrors } from "../promql";

export const acceptedCases: [description: string, env: EnvironmentVariables][] = [
  ["defaults", {}],
  ["tracing switched off", { OTLP_ENDPOINT: "disabled" }],
  ["an OTLP endpoint with an explicit default port", { OTLP_ENDPOINT: "https://collector.example.com:443" }],
  ["an OTLP endpoint as host:port", { OTLP_ENDPOINT: "collector.genesis.svc:4317" }],
  ["a UI URL with a path", { JAEGER_UI_URL: "https://tools.example.com/jaeger" }],
  ["sampling at the bounds", { TRACE_SAMPLING_RATE: "0", TRACE_SAMPLING_CRITICAL_RATE: "1" }],
  ["a long retention with the disk it needs", { TRACE_RETENTION_DAYS: "365", ES_DISK_GIB: "900" }],
  ["a bigger heap", { ES_HEAP_MIB: "31744", ES_MEMORY_LIMIT_MIB: "65536" }],
  ["an index prefix with dashes", { TRACE_INDEX_PREFIX: "genesis-eu-1" }],
  ["redacted attributes with dots", { TRACE_REDACTED_ATTRIBUTES: "http.request.header.authorization,db.statement" }],
  ["a regex alert selector", { TRACING_ALERT_SELECTOR: 'namespace=~"tracing|tracing-eu",job!="x"' }],
  ["an alert selector with escaped characters in the regex", { TRACING_ALERT_SELECTOR: 'pod=~"jaeger-\\\\d+\\\\.x"' }],
  ["client namespaces with spaces around commas", { TRACING_CLIENT_NAMESPACES: "genesis, risk ,orders" }],
  ["AKS's IngressClass, a DNS subdomain", { TRACING_UI_INGRESS_CLASS: "webapprouting.kubernetes.azure.com" }],
  [
    "oauth2-proxy on the UI's own host, ingress-nginx's $host",
    { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://$host/oauth2/auth", TRACING_UI_AUTH_SIGNIN_URL: "https://$host/oauth2/start?rd=$escaped_request_uri" },
  ],
  ["the UI published with authentication", { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth" }],
  ["OpenShift DNS", { TRACING_DNS_NAMESPACE: "openshift-dns", TRACING_DNS_POD_LABELS: "dns.operator.openshift.io/daemonset-dns=default", TRACING_DNS_PORT: "5353" }],
  ["an S3 state backend", { TRACING_STATE_BACKEND: "s3://genesis-terraform-state/tracing/eu?region=eu-west-1" }],
  ["a kubeconfig with a space in its path", { TRACING_KUBECONFIG: "/home/ops/kube configs/prod.yaml", TRACING_KUBE_CONTEXT: "arn:aws:eks:eu-west-1:123456789012:cluster/prod" }],
  ["a service name with dots", { SDK_SERVICE_NAME: "genesis.orders-api_v2", SDK_SERVICE_VERSION: "1.2.3+build.7" }],
  ["an existing ECK in its own namespace", { TRACING_ECK_OPERATOR: "existing", TRACING_ECK_NAMESPACE: "eck" }],
  ["a second CA trusted", { TRACING_CA_TRUSTED: "blue,green" }],
  ["collector sampling", { TRACE_SAMPLING_MODE: "collector" }],
  [
    "collector sampling with unusual operation names, an attribute and a head share",
    {
      TRACE_SAMPLING_MODE: "collector",
      TRACE_SAMPLING_CRITICAL_OPERATIONS: "genesis.order.*,/api/v1/orders:*,*.settle,risk-*-check",
      TRACE_SAMPLING_CRITICAL_ATTRIBUTE: "genesis.critical=true",
      TRACE_SAMPLING_HEAD_RATE: "0.5",
      TRACE_SAMPLING_ERROR_RATE: "0.5",
    },
  ],
];

/** Documents already seen to round-trip: most cases change one setting, so most documents repeat. */
const roundTripped = new Set<string>();

/** A document that round-trips through YAML unchanged: no value of it became structure. */
function roundTrips(doc: unknown): boolean {
  const json = JSON.stringify(doc);
  if (roundTripped.has(json)) return true;
  const unchanged = JSON.stringify(parseYaml(toYaml(doc as object))) === json;
  if (unchanged) roundTripped.add(json);
  return unchanged;
}

describe.each(acceptedCases)("accepted: %s", (_description, env) => {
  test.each(STACK_NAMES)("%s: renders documents that stay valid", (stack) => {
    const settings = resolveSettings(stack, env);
    const placement = { elasticsearchUrl: prodTopology(settings).urls.elasticsearch };
    const documents = {
      collector: renderCollectorConfig(settings, placement),
      query: renderQueryConfig(settings, placement),
      rules: renderAlertRules(settings),
      elasticsearch: renderElasticsearchValues(settings),
      roles: parseYaml(renderRolesFile(settings)),
      policies: renderNetworkPolicies(settings),
      ...(settings.stack === "prod" && settings.sampling.mode === "collector" ? { gateway: renderGatewayConfig(settings) } : {}),
    };
    for (const [name, doc] of Object.entries(documents)) expect({ name, roundTrips: roundTrips(doc) }).toEqual({ name, roundTrips: true });
    for (const rule of documents.rules.groups.flatMap((g) => g.rules)) expect({ rule: rule.alert, errors: promqlErrors(rule.expr) }).toEqual({ rule: rule.alert, errors: [] });
    const envFile = toEnvFile(renderSdkEnvironment(settings, { caCertificatePath: "/etc/genesis-tracing/ca.crt" }));
    for (const line of envFile.trimEnd().split("\n")) expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=[^\n\r]*$/);
    const script = renderBootstrapScript(settings, { ...placement, users: "api" });
    expect(script.split("\n").filter((line) => line.startsWith("es_url="))).toEqual([`es_url='${placement.elasticsearchUrl}'`]);
  });
});
