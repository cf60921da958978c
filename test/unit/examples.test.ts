import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { exampleFolders, renderFolder, staleFiles } from "../../tools/render-examples";

const root = join(__dirname, "../..");
const folders = exampleFolders(root);

test("the scenarios a reviewer reads: the default, the UI with auth, the Prometheus Operator, S3 state, collector sampling", () => {
  expect(folders.map((f) => basename(f))).toEqual(["collector-sampling", "default", "prometheus-operator", "s3-state", "ui-ingress-auth"]);
});

describe.each(folders.map((f) => [basename(f), f]))("examples/%s", (name, folder) => {
  const rendered = renderFolder(folder);

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
  const file = (scenario: string, name: string) => renderFolder(join(root, "examples", scenario)).get(name) ?? "";
  expect(file("collector-sampling", "gateway.yaml")).toContain("routing_key: traceID");
  expect(file("default", "gateway.yaml")).toBe("");
  expect(file("prometheus-operator", "prometheus-operator.yaml")).toContain("kind: ServiceMonitor");
  expect(JSON.parse(file("s3-state", "terraform-backend.json"))).toMatchObject({ s3: { bucket: "genesis-terraform-state", key: "tracing/prod.tfstate" } });
  expect(file("ui-ingress-auth", "sdk.env")).toMatch(/^JAEGER_UI_URL=https:\/\/jaeger\.genesis\.example\.com$/m);
});
