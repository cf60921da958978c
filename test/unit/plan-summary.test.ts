import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError } from "../../environment";
import { planDocuments, readPlan, renderPlanSummary, SINGLE_BLOCKS, summarizePlan } from "../../tools/plan-summary";
import { flowChanges } from "../../tools/reachability";
import { stackDocuments } from "../../tools/synth-documents";
import { resolveSettings } from "../../tracing/checked-settings";
import { defaultSynth } from "../default-synth";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "../fixtures/plans", name), "utf8"));
const routine = summarizePlan(fixture("routine-upgrade.json"));
const risky = summarizePlan(fixture("data-at-risk.json"));

describe("a routine upgrade", () => {
  test("lists each managed change once, data sources left out", () => {
    expect(routine.map((c) => [c.action, c.address])).toEqual([
      ["update", "helm_release.Elasticsearch_Release_3FC6C3F1"],
      ["update", "kubernetes_config_map_v1.Collector_Config_5B3C1E7A"],
      ["create", "kubernetes_config_map_v1.SdkConfig_risk-environment_0C1D2E3F"],
      ["update", "kubernetes_deployment_v1.Collector_Deployment_9F2EDEF5"],
    ]);
    expect(routine.every((c) => c.risk === undefined)).toBe(true);
  });

  test("shows changed fields, embedded YAML structurally, unknowns as such", () => {
    const release = routine.find((c) => c.address.startsWith("helm_release"))!;
    expect(release.fields).toEqual([
      { path: "metadata", before: { revision: 1 }, after: "(known after apply)" },
      { path: "values[0]⟨yaml⟩.nodeSets[default].count", before: 3, after: 4 },
    ]);
    const config = routine.find((c) => c.address.includes("Collector_Config"))!;
    expect(config.fields).toEqual([{ path: "data[config.yaml]⟨yaml⟩.service.telemetry.logs.level", before: "info", after: "debug" }]);
    const deployment = routine.find((c) => c.address.includes("Deployment"))!;
    expect(deployment.fields.map((f) => f.path)).toEqual([
      "metadata[jaeger-collector].labels[app.kubernetes.io/version]",
      "spec[0].template[0].spec[0].container[jaeger].image",
    ]);
  });

  test("renders counts first and no risk section", () => {
    const text = renderPlanSummary(routine, "text");
    expect(text.split("\n")[0]).toBe("Plan: 1 to create, 3 to update, 0 to replace, 0 to delete");
    expect(text).not.toContain("DATA AT RISK");
    expect(text).toContain('~ helm_release.Elasticsearch_Release_3FC6C3F1\n    metadata: {"revision":1} -> "(known after apply)"');
  });
});

describe("a plan that puts data at risk", () => {
  test("flags the replaced volume and the deleted ECK release at the top, with the reason", () => {
    const text = renderPlanSummary(risky, "text");
    const lines = text.split("\n");
    expect(lines[0]).toBe("Plan: 0 to create, 2 to update, 1 to replace, 1 to delete");
    expect(lines.slice(2, 5)).toEqual([
      "!! DATA AT RISK",
      "  REPLACE docker_volume.Elasticsearch_Data_E86F3332: Elasticsearch data volume (replace_because_cannot_update, forced by name)",
      "  DELETE helm_release.EckOperator_Release_A4999461: eck-operator release (nothing reconciles Elasticsearch any more; the ECK CRDs stay, helm.sh/resource-policy: keep)",
    ]);
    expect(text).toContain("Review with care:\n  UPDATE kubernetes_network_policy_v1.NetworkPolicies_allow-elasticsearch-genesis_00F0864E: NetworkPolicy changed");
  });

  test("never prints a sensitive value", () => {
    const text = renderPlanSummary(risky, "markdown");
    expect(text).not.toMatch(/Passw0rd/);
    // Terraform marks the Secret's whole data map sensitive: one masked field, shown as changed.
    expect(text).toContain("~ kubernetes_secret_v1.JaegerCredentials\n    data: (masked) -> (masked) changed");
  });

  test("shows the loosened policy peer", () => {
    const policy = risky.find((c) => c.address.includes("network_policy"))!;
    expect(policy.fields).toEqual([
      {
        path: "spec[0].ingress[0].from[0].pod_selector",
        before: [{ match_labels: { "app.kubernetes.io/component": "collector" } }],
      },
    ]);
  });
});

test("a destroy plan (TRACING_ALLOW_DATA_DESTROY=true) names the namespace and the Elasticsearch release as data at risk", () => {
  const deleted = (type: string, name: string, before: object) => ({ address: `${type}.${name}`, type, mode: "managed", change: { actions: ["delete"], before, after: null } });
  const destroy = summarizePlan({
    resource_changes: [
      deleted("kubernetes_namespace_v1", "Namespace_9B63B8C8", { metadata: [{ name: "tracing" }] }),
      deleted("helm_release", "Elasticsearch_Release_A871BF16", { chart: "eck-elasticsearch", name: "elasticsearch" }),
      deleted("kubernetes_deployment_v1", "Collector_Deployment_9F2EDEF5", { metadata: [{ name: "jaeger-collector" }] }),
    ],
  });
  const lines = renderPlanSummary(destroy, "text").split("\n");
  expect(lines.slice(0, 5)).toEqual([
    "Plan: 0 to create, 0 to update, 0 to replace, 3 to delete",
    "",
    "!! DATA AT RISK",
    "  DELETE helm_release.Elasticsearch_Release_A871BF16: eck-elasticsearch release (the Elasticsearch cluster: its pods go, its PVCs stay until the namespace goes)",
    "  DELETE kubernetes_namespace_v1.Namespace_9B63B8C8: namespace: deletes everything in it, the Elasticsearch PVCs included (and their volumes where the StorageClass reclaims with Delete): every stored trace",
  ]);
});

test("the command exits 1 when data is at risk, 0 otherwise, 2 for a plan it cannot read", () => {
  // From an empty folder: the developer's own .env at the project root is no input of this test.
  const cwd = mkdtempSync(join(tmpdir(), "tracing-plan-summary-"));
  const run = (name: string) =>
    spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), join(__dirname, "../../tools/plan-summary.ts"), join(__dirname, "../fixtures/plans", name)], {
      cwd,
      encoding: "utf8",
    });
  expect(run("data-at-risk.json").status).toBe(1);
  const routineRun = run("routine-upgrade.json");
  expect(routineRun.status).toBe(0);
  expect(routineRun.stdout).toContain("Plan: 1 to create");
  // A plan that cannot be read ends with a message, not a stack trace (test/unit/script-errors.test.ts).
  const missing = run("no-such-plan.json");
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain(`cannot read the plan ${join(__dirname, "../fixtures/plans/no-such-plan.json")}: ENOENT`);
  expect(missing.stderr).not.toMatch(/^\s+at /m);
});

test.each([
  ['{"format_version":"1.2","resource_changes":[{"type":"x"}]}', /resource_changes\[0\] has no address or change\.actions/],
  ['{"format_version":"1.2","resource_changes":"x"}', /resource_changes is not a list/],
  ['{"format_version":"1.2","resource_changes":[null]}', /resource_changes\[0\] has no address/],
  ['{"format_version":1}', /has no format_version string/],
])("a malformed plan %s is refused as no plan (the command exits 2 with that message)", (text, message) => {
  const file = join(mkdtempSync(join(tmpdir(), "plan-")), "plan.json");
  writeFileSync(file, text);
  expect(() => readPlan(file)).toThrow(CommandError);
  expect(() => readPlan(file)).toThrow(message);
});

describe("network flows a plan opens and closes", () => {
  const prodDoc = stackDocuments(defaultSynth()).prod;
  /**
   * Terraform's state shape of a synthesized resource: its single blocks as one-element lists,
   * and a policy port's unset `end_port` as 0, as the provider writes it.
   */
  const asState = (value: any): any => {
    if (Array.isArray(value)) return value.map(asState);
    if (value === null || typeof value !== "object") return value;
    const state = Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "//" && key !== "depends_on" && key !== "lifecycle")
        .map(([key, v]) => [key, SINGLE_BLOCKS.has(key) ? [asState(v)] : asState(v)]),
    );
    return "port" in state && "protocol" in state && !("container_port" in state) ? { end_port: 0, ...state } : state;
  };
  /** A plan of the synthesized prod stack where `change` rewrites the named policy's after-state. */
  function planWith(policy: string, change: (spec: any) => void): object {
    const resource_changes = Object.entries<any>(prodDoc.resource).flatMap(([type, byName]) =>
      Object.entries<any>(byName).map(([name, body]) => {
        const before = asState(body);
        const after = JSON.parse(JSON.stringify(before));
        const touched = type === "kubernetes_network_policy_v1" && body.metadata.name === policy;
        if (touched) change(after.spec[0]);
        return { address: `${type}.${name}`, mode: "managed", type, name, change: { actions: [touched ? "update" : "no-op"], before, after } };
      }),
    );
    return { format_version: "1.2", resource_changes };
  }

  const flowsOf = (plan: object) => {
    const { before, after } = planDocuments(plan);
    return flowChanges({ doc: before, settings: resolveSettings("prod") }, { doc: after, settings: resolveSettings("prod") });
  };

  test("Elasticsearch's first peer widened to the clients' namespace reads as OPENS services in genesis → elasticsearch:9200", () => {
    const plan = planWith("allow-elasticsearch-genesis", (spec) => {
      const peer = spec.ingress[0].from[0];
      delete peer.pod_selector;
      peer.namespace_selector[0].match_labels["kubernetes.io/metadata.name"] = "genesis";
    });
    const flows = flowsOf(plan);
    // The collector loses its rule too: it still reaches 9200 through no other.
    expect(flows).toEqual({ opens: ["services in genesis → elasticsearch:9200"], closes: ["collector → elasticsearch:9200"] });
    const text = renderPlanSummary(summarizePlan(plan), "text", flows);
    expect(text.split("\n").slice(0, 5)).toEqual([
      "Plan: 0 to create, 1 to update, 0 to replace, 0 to delete",
      "",
      "Network flows (prod NetworkPolicies, as the evaluator reads them):",
      "  OPENS services in genesis → elasticsearch:9200",
      "  CLOSES collector → elasticsearch:9200",
    ]);
  });

  test.each([
    ["from 0.0.0.0/0", { ip_block: [{ cidr: "0.0.0.0/0" }] }, "the internet → elasticsearch:9200"],
    ["from a namespace the settings never name", { namespace_selector: [{ match_labels: { "kubernetes.io/metadata.name": "payments" } }] }, "any pod in payments → elasticsearch:9200"],
    ["from namespaces selected by a label", { namespace_selector: [{ match_labels: { team: "data" } }] }, "any pod in labelled-team-data → elasticsearch:9200"],
  ])("a rule %s added to Elasticsearch's policy is an OPENS line", (_name, peer, opened) => {
    const plan = planWith("allow-elasticsearch-genesis", (spec) => spec.ingress.push({ from: [peer], ports: [{ end_port: 0, port: "9200", protocol: "TCP" }] }));
    expect(flowsOf(plan)).toEqual({ opens: [opened], closes: [] });
  });

  test("a pod selector dropped where the default deny still blocks every other pod's egress opens nothing", () => {
    expect(flowsOf(planWith("allow-elasticsearch-genesis", (spec) => delete spec.ingress[0].from[0].pod_selector))).toEqual({ opens: [], closes: [] });
  });

  test("a rule removed from the collector's policy reads as CLOSES, and an unchanged plan moves nothing", () => {
    const closing = planWith("allow-jaeger-collector", (spec) => spec.ingress.splice(0, 1));
    expect(flowsOf(closing)).toEqual({ opens: [], closes: ["services in genesis → collector:4317", "services in genesis → collector:4318"] });
    expect(flowsOf(planWith("none", () => undefined))).toEqual({ opens: [], closes: [] });
  });
});
