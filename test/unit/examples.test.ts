import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { CommandError } from "../../environment";
import { basename, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { renderFlowDiagram } from "../../tools/flow-diagram";
import { exampleFolders, renderFolder, staleFiles, withReadmeDiagram } from "../../tools/render-examples";
import { intendedFlows } from "../../tracing/network-policy";
import { resolveSettings } from "../../tracing/settings";
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth, defaultSynth } from "../default-synth";

const root = join(__dirname, "../..");
const folders = exampleFolders(root);
/** Each scenario rendered once for the whole file. */
const renderings = new Map(folders.map((folder) => [folder, renderFolder(folder)]));

test("the scenarios a reviewer reads: the default, the UI with auth, the Prometheus Operator, S3 state, collector sampling, cert-manager", () => {
  expect(folders.map((f) => basename(f))).toEqual(["cert-manager", "collector-sampling", "default", "prometheus-operator", "s3-state", "ui-ingress-auth"]);
});

describe.each(folders.map((f) => [basename(f), f]))("examples/%s", (name, folder) => {
  const rendered = renderings.get(folder) as Map<string, string>;

  test("holds exactly what the code renders from its .env (else: run npm run render)", () => {
    const drift = [...rendered].filter(([file, content]) => {
      try {
        return readFileSync(join(folder, file), "utf8") !== content;
      } catch {
        return true;
      }
    });
    const problems = [
      ...drift.map(([file]) => `examples/${name}/${file} is out of date: run npm run render`),
      ...staleFiles(folder, rendered).map((file) => `examples/${name}/${file} is no longer rendered: run npm run render`),
    ];
    expect(problems).toEqual([]);
  });

  test("its NetworkPolicies are Kubernetes objects: the default deny first, then one per workload", () => {
    const docs = parseAllDocuments(rendered.get("network-policies.yaml") as string).map((d) => d.toJS());
    expect(docs.every((d) => d.apiVersion === "networking.k8s.io/v1" && d.kind === "NetworkPolicy" && d.metadata.namespace === "tracing")).toBe(true);
    expect(docs[0]).toEqual({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny-all", namespace: "tracing" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
    expect(docs.map((d) => d.metadata.name)).toContain(name === "collector-sampling" ? "allow-otel-gateway" : "allow-jaeger-collector");
  });
});

test("each scenario shows what sets it apart", () => {
  const file = (scenario: string, name: string) => renderings.get(join(root, "examples", scenario))?.get(name) ?? "";
  expect(file("collector-sampling", "gateway.yaml")).toContain("routing_key: traceID");
  expect(file("default", "gateway.yaml")).toBe("");
  expect(file("prometheus-operator", "prometheus-operator.yaml")).toContain("kind: ServiceMonitor");
  expect(JSON.parse(file("s3-state", "terraform-backend.json"))).toMatchObject({ s3: { bucket: "genesis-terraform-state", key: "tracing/prod.tfstate" } });
  expect(file("ui-ingress-auth", "sdk.env")).toMatch(/^JAEGER_UI_URL=https:\/\/jaeger\.genesis\.example\.com$/m);
});

describe("the flow diagram", () => {
  test("README.md shows the one the default settings draw (else: run npm run render)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(withReadmeDiagram(readme) === readme ? "up to date" : "README.md's flow diagram is out of date: run npm run render").toBe("up to date");
  });

  test("draws each allowed flow once, with its ports, between the namespaces' boxes", () => {
    const diagram = renderFlowDiagram(resolveSettings("prod"));
    const arrows = diagram.split("\n").filter((line) => line.includes("-->"));
    expect(arrows.length).toBe(intendedFlows(resolveSettings("prod")).length);
    expect(arrows).toContain('  genesis_any -->|"4317, 4318"| tracing_jaeger_collector');
    expect(arrows).toContain('  tracing_jaeger_collector -->|"53 UDP+TCP"| kube_system_cluster_dns');
    expect(diagram).toMatch(/^  subgraph ns_tracing\["namespace tracing"\]$/m);
    // A flow that is not intended is not drawn: clients never reach Elasticsearch.
    expect(arrows.filter((a) => a.startsWith("  genesis_any") && a.includes("elasticsearch"))).toEqual([]);
  });

  test("in collector mode clients reach the gateway and only the gateway reaches the collectors' OTLP port", () => {
    const arrows = renderFlowDiagram(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" })).split("\n");
    expect(arrows.filter((a) => /-->\|"4317/.test(a))).toEqual([
      '  genesis_any -->|"4317, 4318"| tracing_otel_gateway',
      '  tracing_otel_gateway -->|"4317"| tracing_jaeger_collector',
    ]);
  });
});

describe("the examples are what the stacks deploy", () => {
  const withoutHeader = (text: string) => text.replace(/^# .*rendered by `npm run render`.*\n/, "");
  const configMap = (files: Map<string, string>, name: string) =>
    Object.values<any>(stackDocuments(files).prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === name).data;

  test.each([
    ["default", "collector.yaml", () => configMap(defaultSynth(), "jaeger-collector-config")["config.yaml"]],
    ["default", "query.yaml", () => configMap(defaultSynth(), "jaeger-query-config")["config.yaml"]],
    ["collector-sampling", "collector.yaml", () => configMap(collectorModeSynth(), "jaeger-collector-config")["config.yaml"]],
    ["collector-sampling", "gateway.yaml", () => configMap(collectorModeSynth(), "otel-gateway-config")["config.yaml"]],
  ])("examples/%s/%s is the ConfigMap the prod stack synthesizes", (scenario, file, deployed) => {
    expect(withoutHeader(readFileSync(join(root, "examples", scenario, file), "utf8"))).toBe(deployed());
  });

  test("examples/default/sdk.env is the SDK ConfigMap of every client namespace", () => {
    const data = configMap(defaultSynth(), "genesis-tracing-sdk");
    const lines = withoutHeader(readFileSync(join(root, "examples", "default", "sdk.env"), "utf8")).trimEnd().split("\n");
    // The synth writes a map's keys sorted; the file keeps the renderer's order.
    expect(Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]))).toEqual(data);
  });
});

test("a scenario with bad settings ends render with every problem named, and nothing rendered", () => {
  const folder = mkdtempSync(join(tmpdir(), "tracing-example-"));
  writeFileSync(join(folder, ".env"), "otlp_endpoint=disabled\nES_HEAP_MIB=lots\n");
  expect(() => renderFolder(folder)).toThrow(CommandError);
  expect(() => renderFolder(folder)).toThrow(/line 1: otlp_endpoint must be spelled in the case this package reads[\s\S]*ES_HEAP_MIB \(elasticsearch\.heapMiB\) must be a whole number/);
  expect(readdirSync(folder)).toEqual([".env"]);
});
