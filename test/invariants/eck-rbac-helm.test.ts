/**
 * What the ECK operator release may do in the cluster, read from the real chart: `helm template`
 * of eck-operator 3.5.0 with exactly the values the prod stack synthesizes, and the RBAC it
 * renders. Needs a helm binary and the chart's source (deploy/eck-operator at
 * elastic/cloud-on-k8s v3.5.0), which cannot be downloaded here: set ECK_OPERATOR_CHART_DIR to
 * run it (and HELM to a helm binary not on the PATH). Without them it is skipped, and says so.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const chartDir = process.env.ECK_OPERATOR_CHART_DIR;
const helm = process.env.HELM ?? "helm";
const runnable = chartDir !== undefined && spawnSync(helm, ["version", "--short"]).status === 0;
if (!runnable) console.warn("ECK RBAC test skipped: set ECK_OPERATOR_CHART_DIR to the eck-operator 3.5.0 chart source and put helm on the PATH (or HELM)");

(runnable ? describe : describe.skip)("the synthesized eck-operator values, rendered by helm", () => {
  let objects: any[] = [];
  beforeAll(() => {
    const prod = stackDocuments(defaultSynth()).prod;
    const operator = Object.values<any>(prod.resource.helm_release).find((r) => r.chart === "eck-operator");
    const dir = mkdtempSync(join(tmpdir(), "eck-rbac-"));
    try {
      const files = operator.values.map((text: string, i: number) => {
        const file = join(dir, `values-${i}.yaml`);
        writeFileSync(file, text);
        return ["-f", file];
      });
      const rendered = spawnSync(helm, ["template", operator.name, chartDir as string, "--namespace", operator.namespace, ...files.flat()], { encoding: "utf8" });
      expect(rendered.stderr).toBe("");
      objects = parseAllDocuments(rendered.stdout).map((d) => d.toJSON()).filter(Boolean);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no cluster-scoped object: no ClusterRole, binding, CRD or webhook", () => {
    const clusterScoped = objects.filter((o) => /^(ClusterRole|ClusterRoleBinding|CustomResourceDefinition|ValidatingWebhookConfiguration|MutatingWebhookConfiguration)$/.test(o.kind));
    expect(clusterScoped.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(objects.length).toBeGreaterThan(5);
  });

  test("Secrets are reachable only in the tracing namespace and the operator's own", () => {
    const secretRoles = objects.filter((o) => o.kind === "Role" && o.rules.some((r: any) => r.resources?.includes("secrets")));
    expect(secretRoles.map((o) => o.metadata.namespace).sort()).toEqual(["elastic-system", "tracing"]);
    const bindings = objects.filter((o) => o.kind === "RoleBinding").map((o) => [o.metadata.namespace, o.roleRef.kind, o.subjects.map((s: any) => `${s.namespace}/${s.name}`)]);
    expect(bindings.sort()).toEqual([
      ["elastic-system", "Role", ["elastic-system/elastic-operator"]],
      ["tracing", "Role", ["elastic-system/elastic-operator"]],
    ]);
  });

  test("the operator serves metrics on plain HTTP at the container port the paste-in job keeps, from a pod it keeps", () => {
    const [statefulSet] = objects.filter((o) => o.kind === "StatefulSet");
    expect(statefulSet.spec.template.metadata.labels["app.kubernetes.io/part-of"]).toBe("genesis-tracing");
    expect(statefulSet.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9090, name: "metrics", protocol: "TCP" }]);
    const config = objects.find((o) => o.kind === "ConfigMap").data["eck.yaml"];
    expect(config).toMatch(/^metrics-port: 9090$/m);
    expect(config).toMatch(/^metrics-secure: false$/m);
    // Without the Prometheus Operator: no PodMonitor, and no metrics Service (secureMode only).
    expect(objects.filter((o) => o.kind === "PodMonitor" || o.kind === "Service").map((o) => o.kind)).toEqual([]);
  });
});
