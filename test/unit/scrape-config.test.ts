import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { selectorMatches, type Pod } from "../../tools/network-policy-evaluator";
import { prodClusterModel } from "../../tools/prod-cluster-model";
import { stackDocuments } from "../../tools/synth";
import { backendComponents } from "../../tracing/topology/components";
import { renderPrometheusOperatorObjects, scrapeTargets } from "../../tracing/monitoring/monitoring-objects";
import { renderScrapeConfig, RULES_CONFIG_MAP, RULES_MOUNT_DIR } from "../../tracing/monitoring/scrape-config";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { prodTopology } from "../../tracing/topology/topology";
import { COLLECTOR_MODE, collectorModeSynth, defaultSynth } from "../default-synth";
import { scrapedTargets } from "../prometheus-targets";

type Json = any;

/** The synthesized prod stack of one sampling mode, its settings, and the pods that will run (tools/prod-cluster-model.ts). */
function deployed(env: EnvironmentVariables, files: Map<string, string>) {
  const settings = resolveSettings("prod", env);
  const doc = stackDocuments(files).prod;
  return { settings, doc, pods: Object.values(prodClusterModel(doc, settings).pods) };
}
const modes = [
  { mode: "sdk", ...deployed({}, defaultSynth()) },
  { mode: "collector", ...deployed(COLLECTOR_MODE, collectorModeSynth()) },
];

/** Every metrics port of the mode, written out by hand: `<namespace>/<workload>:<port> <port name>`. */
const EXPECTED: Record<string, string[]> = {
  sdk: [
    "elastic-system/elastic-operator:9090 metrics",
    "tracing/elasticsearch-exporter:9114 metrics",
    "tracing/jaeger-collector:8888 metrics",
    "tracing/jaeger-collector:8889 span-metrics",
    "tracing/jaeger-query:8888 metrics",
  ],
  collector: [
    "elastic-system/elastic-operator:9090 metrics",
    "tracing/elasticsearch-exporter:9114 metrics",
    "tracing/jaeger-collector:8888 metrics",
    "tracing/jaeger-query:8888 metrics",
    "tracing/otel-gateway:8888 metrics",
    "tracing/otel-gateway:8889 span-metrics",
  ],
};

describe.each(modes)("without the Prometheus Operator, $mode sampling: the paste-in job over the synthesized pods", ({ mode, settings, pods }) => {
  const [job] = renderScrapeConfig(settings).scrape_configs;
  const targets = scrapedTargets(job, pods);
  const described = (t: Json) => `${t.namespace}/${t.pod}:${t.__address__.split(":")[1]} ${t.endpoint}`;

  test("scrapes every metrics port, the span metrics' and the ECK operator's too, and nothing else", () => {
    expect(targets.map(described).sort()).toEqual(EXPECTED[mode]);
  });

  test("the ports are the ones the component descriptors mark as metrics", () => {
    const declared = backendComponents(settings).flatMap((c) => c.ports.filter((p) => p.metrics).map((p) => `tracing/${c.name}:${p.port} ${p.name}`));
    expect(targets.map(described).filter((t) => t.startsWith("tracing/")).sort()).toEqual(declared.sort());
  });

  test("every target carries the job, namespace and pod the alerts select and group by", () => {
    for (const t of targets) expect(t).toMatchObject({ job: "genesis-tracing", namespace: expect.stringMatching(/^(tracing|elastic-system)$/), pod: expect.stringMatching(/^[a-z][a-z-]+$/) });
    expect(new Set(targets.map((t) => t.namespace))).toEqual(new Set(["tracing", "elastic-system"]));
  });

  test("a pod that has finished or not started is not scraped (its target would only be down)", () => {
    const query = pods.find((pod) => pod.name.endsWith("/jaeger-query"))!;
    expect(scrapedTargets(job, [query]).map(described)).toEqual(["tracing/jaeger-query:8888 metrics"]);
    for (const phase of ["Pending", "Succeeded", "Failed"] as const) expect(scrapedTargets(job, [{ ...query, phase }])).toEqual([]);
  });

  test("a pod of the namespace that is not ours is not scraped, even on a port named metrics", () => {
    const stray: Pod = { name: "tracing/debug", namespace: "tracing", labels: { run: "debug" }, ports: [{ name: "metrics", port: 8888 }] };
    expect(scrapedTargets(job, [stray])).toEqual([]);
  });
});

describe.each(modes)("with the Prometheus Operator, $mode sampling: the ServiceMonitors over the synthesized Services", ({ mode, settings, doc, pods }) => {
  const services = Object.values<Json>(doc.resource.kubernetes_service_v1);
  const objects = renderPrometheusOperatorObjects({}, scrapeTargets(prodTopology(settings)), "tracing", settings.kubernetes.prometheusSelectorLabels);

  test("reach every metrics port of our pods through a Service port of the same name", () => {
    const reached = objects.serviceMonitors.flatMap(([, monitor]: [string, Json]) =>
      services
        .filter((service) => selectorMatches(monitor.spec.selector, service.metadata.labels))
        .flatMap((service) =>
          monitor.spec.endpoints.flatMap((endpoint: Json) => {
            const servicePort = service.spec.port.find((p: Json) => p.name === endpoint.port);
            if (!servicePort) return [];
            return pods
              .filter((pod) => selectorMatches({ matchLabels: service.spec.selector }, pod.labels))
              .flatMap((pod) => pod.ports.filter((p) => p.name === servicePort.target_port).map((p) => `${pod.name}:${p.port} ${p.name}`));
          }),
        ),
    );
    // The ECK operator's PodMonitor comes from its chart (test/stacks/prod-stack.test.ts, and test/invariants/eck-rbac-helm.test.ts with helm).
    expect([...new Set(reached)].sort()).toEqual(EXPECTED[mode].filter((t) => !t.startsWith("elastic-system/")));
  });
});

describe("the rules ConfigMap is where the rule_files line reads it", () => {
  const { settings, doc } = modes[0];
  const ruleMaps = Object.values<Json>(doc.resource.kubernetes_config_map_v1).filter((m) => m.metadata.name === RULES_CONFIG_MAP.name);

  test("one key, the file the line names in the mounted directory", () => {
    expect(ruleMaps.map((m) => [m.metadata.namespace, Object.keys(m.data)])).toEqual([["monitoring", ["genesis-tracing.rules.yaml"]]]);
    expect(renderScrapeConfig(settings).rule_files).toEqual([`${RULES_MOUNT_DIR}/genesis-tracing.rules.yaml`]);
  });

  test("the rendered example says how to mount it there", () => {
    const example = readFileSync(join(__dirname, "../../examples/default/prometheus-scrape.yaml"), "utf8");
    // The chart values the header spells out, read back as YAML: an optional volume, so the
    // Prometheus still starts once the stack (and its ConfigMap) is gone, mounted at the directory.
    const spelled = (key: string) => parse(example.split("\n").find((line) => line.startsWith(`#   ${key}`))!.slice(`#   ${key}`.length));
    expect(spelled("server.extraVolumes:")).toEqual([{ name: RULES_CONFIG_MAP.name, configMap: { name: RULES_CONFIG_MAP.name, optional: true } }]);
    expect(parse(example.split("\n").find((line) => line.startsWith("#   [{ name:"))!.slice(4).replace(/,$/, ""))).toEqual([
      { name: RULES_CONFIG_MAP.name, mountPath: RULES_MOUNT_DIR, readOnly: true },
    ]);
    expect(parse(example)).toEqual(renderScrapeConfig(resolveSettings("prod", {})));
  });
});
