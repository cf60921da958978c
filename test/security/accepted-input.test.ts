/**
 * Unusual settings that are accepted must still produce valid output: every rendered document
 * survives a YAML round trip unchanged (nothing a value carried became a key), every alert
 * expression parses as PromQL, and the SDK environment stays one variable per line.
 */
import { parse as parseYaml } from "yaml";
import { renderAlertRules } from "../../tracing/monitoring/alert-rules";
import { renderBootstrapScript } from "../../tracing/elasticsearch/bootstrap-script";
import { renderElasticsearchValues, renderRolesFile } from "../../tracing/topology/eck-values";
import { renderGatewayConfig } from "../../tracing/pipeline/gateway-config";
import { renderCollectorConfig, renderQueryConfig } from "../../tracing/pipeline/jaeger-config";
import { prodQueryMetricsBackend, renderMonitorTabRules } from "../../tracing/monitoring/monitor-tab";
import { renderNetworkPolicies } from "../../tracing/topology/network-policy";
import { renderSdkEnvironment, toEnvFile } from "../../tracing/pipeline/sdk-environment";
import { resolveSettings } from "../../tracing/checked-settings";
import { STACK_NAMES } from "../../tracing/settings";
import { prodTopology } from "../../tracing/topology/topology";
import { toYaml } from "../../tracing/core/yaml";
import { promqlErrors } from "../promql";
import { acceptedCases } from "./settings-cases";

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

describe.each(acceptedCases)("accepted: %s", (_description, env, files) => {
  test.each(STACK_NAMES)("%s: renders documents that stay valid", (stack) => {
    const settings = resolveSettings(stack, env, files);
    const placement = { elasticsearchUrl: prodTopology(settings).urls.elasticsearch };
    const documents = {
      collector: renderCollectorConfig(settings, placement),
      query: renderQueryConfig(settings, { ...placement, metricsBackend: prodQueryMetricsBackend(settings) }),
      monitorTabRules: renderMonitorTabRules(settings),
      // Expiries as the stack writes them at apply time, here numbers.
      rules: renderAlertRules(settings, [{ certificate: "jaeger-collector-tls", notAfterUnix: 1_900_000_000 }]),
      elasticsearch: renderElasticsearchValues(settings),
      roles: parseYaml(renderRolesFile(settings)),
      policies: renderNetworkPolicies(settings),
      ...(settings.stack === "prod" && settings.sampling.mode === "collector" ? { gateway: renderGatewayConfig(settings) } : {}),
    };
    for (const [name, doc] of Object.entries(documents)) expect({ name, roundTrips: roundTrips(doc) }).toEqual({ name, roundTrips: true });
    for (const rule of documents.rules.groups.flatMap((g) => g.rules)) expect({ rule: rule.alert, errors: promqlErrors(rule.expr) }).toEqual({ rule: rule.alert, errors: [] });
    for (const rule of documents.monitorTabRules.groups.flatMap((g) => g.rules)) expect({ rule: rule.record, errors: promqlErrors(rule.expr) }).toEqual({ rule: rule.record, errors: [] });
    const envFile = toEnvFile(renderSdkEnvironment(settings, { caCertificatePath: "/etc/genesis-tracing/ca.crt" }));
    for (const line of envFile.trimEnd().split("\n")) expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=[^\n\r]*$/);
    const script = renderBootstrapScript(settings, { ...placement, users: "api" });
    expect(script.split("\n").filter((line) => line.startsWith("es_url="))).toEqual([`es_url='${placement.elasticsearchUrl}'`]);
  });
});
