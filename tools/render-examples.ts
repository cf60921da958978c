/**
 * `npm run render`: the rendered artefacts of each scenario in `examples/<scenario>/`, from
 * the scenario's own `.env` (the process environment is ignored, so every machine renders the
 * same files). A reviewer reads a config change as a file diff, and external analyzers can
 * read the NetworkPolicies as Kubernetes YAML. It also rewrites the generated blocks of the docs:
 * the flow diagram (docs/architecture.md), the footprint tables (docs/prod.md) and the
 * footprint total in README.md's prod checklist.
 * `test/unit/examples.test.ts` fails when a committed file differs from what the code renders.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommandError, readEnvironment, resolveEnvironment, runCommand } from "../environment";
import { Testing, TerraformStack } from "cdktf";
import { renderPrometheusOperatorObjects, scrapeTargets } from "../tracing/monitoring/monitoring-objects";
import { addStateBackend } from "../stacks/backend";
import { CLIENT_CA_DIR } from "../tracing/core/paths";
import { type KnownExpiry } from "../tracing/topology/certificates";
import { renderAlertRules } from "../tracing/monitoring/alert-rules";
import { caIssuerName, issuerCaExpiries, renderCertificates, renderIssuers, servingCertificates } from "../tracing/topology/certificates";
import { renderBootstrapScript } from "../tracing/elasticsearch/bootstrap-script";
import { renderElasticsearchValues } from "../tracing/topology/eck-values";
import { renderGatewayConfig } from "../tracing/pipeline/gateway-config";
import { renderIlmPolicy } from "../tracing/elasticsearch/ilm";
import { renderCollectorConfig, renderQueryConfig } from "../tracing/pipeline/jaeger-config";
import { prodQueryMetricsBackend, prodRuleFile } from "../tracing/monitoring/monitor-tab";
import { renderNetworkPolicies } from "../tracing/topology/network-policy";
import { renderScrapeConfig, RULES_CONFIG_MAP, RULES_MOUNT_DIR } from "../tracing/monitoring/scrape-config";
import { spanMetricsAt } from "../tracing/pipeline/sampling";
import { renderSdkEnvironment, toEnvFile } from "../tracing/pipeline/sdk-environment";
import { resolveSettings } from "../tracing/checked-settings";
import { CA_SLOTS, type TracingSettings } from "../tracing/settings";
import { prodTopology } from "../tracing/topology/topology";
import { toYaml } from "../tracing/core/yaml";
import { mermaidBlock } from "./flow-diagram";
import { FOOTPRINT_SUMMARY_MARKERS, FOOTPRINT_TABLE_MARKERS, withFootprintSummary, withFootprintTables } from "./footprint";
import { withGeneratedBlock, type BlockMarkers } from "./generated-block";
import { parseOptions } from "./options";

/** Where the scenarios live, from the project root. */
export const EXAMPLES_DIR = "examples";

const header = (what: string) => `# ${what}, rendered by \`npm run render\` from this folder's .env: do not edit.\n`;

/** Kubernetes NetworkPolicy objects, one YAML document each, as `kubectl apply -f` reads them. */
function networkPoliciesYaml(settings: TracingSettings): string {
  return renderNetworkPolicies(settings)
    .map((p) => toYaml({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: p.name, namespace: p.namespace }, spec: p.spec }))
    .join("---\n");
}

/**
 * The expiries the prod stack writes into the alert rules: the CAs', and in `terraform` mode every
 * server certificate's, as placeholders here (Terraform knows them at apply); an issuer's CAs as read.
 */
function expiriesAtApply(settings: TracingSettings): KnownExpiry[] {
  const terraformMade = [
    ...CA_SLOTS.filter((slot) => settings.certificates.trustedAuthorities.includes(slot)).map(caIssuerName),
    ...(settings.certificates.mode === "terraform" ? servingCertificates(settings).map((c) => c.secretName) : []),
  ];
  return [...terraformMade.map((name) => ({ certificate: name, notAfterUnix: `<notAfter of ${name}, written at apply>` })), ...issuerCaExpiries(settings)];
}

/** The prod stack's rendered artefacts, by file name. */
export function renderExample(settings: TracingSettings): Map<string, string> {
  const placement = { elasticsearchUrl: prodTopology(settings).urls.elasticsearch };
  const files = new Map<string, string>([
    ["collector.yaml", header("Jaeger collector config (ConfigMap jaeger-collector-config)") + toYaml(renderCollectorConfig(settings, placement))],
    ["query.yaml", header("Jaeger query config (ConfigMap jaeger-query-config)") + toYaml(renderQueryConfig(settings, { ...placement, metricsBackend: prodQueryMetricsBackend(settings) }))],
  ]);
  if (spanMetricsAt(settings) === "gateway") {
    files.set("gateway.yaml", header("OpenTelemetry Collector gateway config (ConfigMap otel-gateway-config)") + toYaml(renderGatewayConfig(settings)));
  }
  files.set("network-policies.yaml", header("NetworkPolicies of the tracing namespace") + networkPoliciesYaml(settings));
  files.set(
    "sdk.env",
    header("SDK environment of every client namespace (ConfigMap genesis-tracing-sdk)") +
      toEnvFile(renderSdkEnvironment(settings, { caCertificatePath: `${CLIENT_CA_DIR}/ca.crt` })),
  );
  files.set("bootstrap.sh", renderBootstrapScript(settings, { ...placement, users: "none" }));
  files.set("ilm-policy.json", `${JSON.stringify(renderIlmPolicy(settings), null, 2)}\n`);
  const rules = prodRuleFile(settings, renderAlertRules(settings, expiriesAtApply(settings)));
  files.set("alert-rules.yaml", header("Prometheus alert rules") + toYaml(rules));
  if (settings.certificates.mode === "cert-manager") {
    files.set(
      "certificates.yaml",
      header("cert-manager Issuers and Certificates (values of the tracing-certificate-issuers and tracing-certificates releases)") +
        [...renderIssuers(settings), ...renderCertificates(settings)].map((o) => toYaml(o)).join("---\n"),
    );
  }
  if (!settings.kubernetes.prometheusOperator) files.set("prometheus-scrape.yaml", scrapeConfigYaml(settings));
  if (settings.kubernetes.prometheusOperator) {
    const objects = renderPrometheusOperatorObjects(rules, scrapeTargets(prodTopology(settings)), settings.kubernetes.namespace, settings.kubernetes.prometheusSelectorLabels);
    files.set(
      "prometheus-operator.yaml",
      header("PrometheusRule and ServiceMonitors (TRACING_PROMETHEUS_OPERATOR=true; the eck-operator chart adds its PodMonitor)") + [objects.prometheusRule, ...objects.serviceMonitors.map(([, m]) => m)].map((o) => toYaml(o)).join("---\n"),
    );
  }
  files.set("flows.md", `# Who may talk to whom (the NetworkPolicies' flows)\n\n<!-- ${header("Diagram").slice(2, -1)} -->\n\n${mermaidBlock(settings)}`);
  files.set("terraform-backend.json", `${JSON.stringify(stateBackendBlock(settings), null, 2)}\n`);
  files.set(
    "elasticsearch-values.yaml",
    header("eck-elasticsearch Helm values from settings, layered over helm-values/elasticsearch.yaml") + toYaml(renderElasticsearchValues(settings)),
  );
  return files;
}

/**
 * The paste-in part of prometheus.yml (no Prometheus Operator), with how to load the rules
 * ConfigMap where its `rule_files` line reads it.
 */
function scrapeConfigYaml(settings: TracingSettings): string {
  const k = settings.kubernetes;
  const mount = [
    "# Add the job to scrape_configs and the line to rule_files. The Prometheus must mount the",
    `# ConfigMap ${RULES_CONFIG_MAP.name} (namespace ${k.monitoringNamespace}) at ${RULES_MOUNT_DIR}; with the`,
    "# prometheus-community chart (values of prometheus-29.27.0): the volume, optional so that the",
    "# Prometheus still starts once this stack is destroyed (extraConfigmapMounts cannot be optional),",
    `#   server.extraVolumes: [{ name: ${RULES_CONFIG_MAP.name}, configMap: { name: ${RULES_CONFIG_MAP.name}, optional: true } }]`,
    "# mounted by server.extraVolumeMounts and configmapReload.prometheus.extraVolumeMounts both",
    `#   [{ name: ${RULES_CONFIG_MAP.name}, mountPath: ${RULES_MOUNT_DIR}, readOnly: true }],`,
    `# configmapReload.prometheus.extraVolumeDirs [${RULES_MOUNT_DIR}] (a rules change reloads), and the job`,
    "# under extraScrapeConfigs. The Prometheus needs to list pods in the namespaces below.",
  ];
  return header("Prometheus scrape job and rule file (TRACING_PROMETHEUS_OPERATOR=false)") + `${mount.join("\n")}\n` + toYaml(renderScrapeConfig(settings));
}

/** The prod stack's `terraform.backend` block: where its state lives. */
function stateBackendBlock(settings: TracingSettings): object {
  const stack = new TerraformStack(Testing.app(), "prod");
  addStateBackend(stack, "prod", settings.stateBackend, settings.kubernetes);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

/** The markers around docs/architecture.md's generated flow diagram. */
export const FLOW_DIAGRAM_MARKERS = ["<!-- flow-diagram:begin (npm run render) -->", "<!-- flow-diagram:end -->"] as const;

/** docs/architecture.md with its flow diagram drawn for the default settings; `undefined` if it has no markers. */
export function withFlowDiagram(page: string): string | undefined {
  return withGeneratedBlock(page, FLOW_DIAGRAM_MARKERS, mermaidBlock(resolveSettings("prod")));
}

/** A page's generated block: which file, what it holds, its markers, and how to rewrite it. */
interface GeneratedBlock {
  readonly file: string;
  readonly what: string;
  readonly markers: BlockMarkers;
  readonly rewrite: (page: string) => string | undefined;
}

/** Every block `npm run render` keeps up to date outside `examples/`. */
export const GENERATED_BLOCKS: readonly GeneratedBlock[] = [
  { file: "docs/architecture.md", what: "flow diagram", markers: FLOW_DIAGRAM_MARKERS, rewrite: withFlowDiagram },
  { file: "docs/prod.md", what: "footprint tables", markers: FOOTPRINT_TABLE_MARKERS, rewrite: withFootprintTables },
  { file: "README.md", what: "footprint total", markers: FOOTPRINT_SUMMARY_MARKERS, rewrite: withFootprintSummary },
];

/** Every scenario folder: a folder of `examples/` with a `.env`. */
export function exampleFolders(root: string): string[] {
  const dir = join(root, EXAMPLES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, ".env")))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** The files a scenario folder should hold besides its `.env`, rendered from that `.env` alone. */
export function renderFolder(folder: string): Map<string, string> {
  return renderExample(resolveEnvironment(readEnvironment(folder, {})).prod);
}

/** Files in `folder` that rendering did not write (a scenario that lost its gateway, say). */
export function staleFiles(folder: string, rendered: ReadonlyMap<string, string>): string[] {
  return readdirSync(folder)
    .filter((name) => name !== ".env" && !rendered.has(name))
    .sort();
}

if (require.main === module) {
  runCommand(() => {
    parseOptions(process.argv.slice(2), { usage: "npm run render   (writes examples/<scenario>/ from each scenario's .env)" });
    const folders = exampleFolders(process.cwd());
    if (folders.length === 0) throw new CommandError(`no ${EXAMPLES_DIR}/<scenario>/.env here: run npm run render in the project root`);
    for (const folder of folders) {
      const rendered = renderFolder(folder);
      for (const stale of staleFiles(folder, rendered)) rmSync(join(folder, stale));
      let written = 0;
      for (const [name, content] of rendered) {
        const file = join(folder, name);
        if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
        writeFileSync(file, content);
        written += 1;
      }
      console.log(`${folder.slice(process.cwd().length + 1)}: ${rendered.size} files, ${written} changed`);
    }
    for (const block of GENERATED_BLOCKS) {
      const file = join(process.cwd(), block.file);
      if (!existsSync(file)) throw new CommandError(`no ${block.file} here: run npm run render in the project root`);
      const current = readFileSync(file, "utf8");
      const rewritten = block.rewrite(current);
      if (rewritten === undefined) throw new CommandError(`${block.file} has no ${block.markers.join(" ... ")} block for the ${block.what}`);
      if (rewritten !== current) writeFileSync(file, rewritten);
      console.log(`${block.file}: ${block.what} ${rewritten === current ? "unchanged" : "rewritten"}`);
    }
  });
}
