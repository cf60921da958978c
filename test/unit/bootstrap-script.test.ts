import { execFileSync } from "node:child_process";
import { renderBootstrapScript } from "../../tracing/bootstrap-script";
import { renderIlmPolicy, rolloverInitEnvironment } from "../../tracing/ilm";
import { BOOTSTRAP_PATHS } from "../../tracing/paths";
import { resolveSettings } from "../../tracing/settings";

const local = resolveSettings("local");
const script = renderBootstrapScript(local, { elasticsearchUrl: "https://elasticsearch:9200", users: "api" });
const withoutUsers = renderBootstrapScript(local, { elasticsearchUrl: "https://elasticsearch:9200", users: "none" });

describe("rendered bootstrap script", () => {
  const requests = (text: string) =>
    text
      .split("\n")
      .filter((line) => /(^|\| )es PUT/.test(line.trim()))
      .map((line) => line.trim().replace(/^\| /, "").split(" ").slice(0, 3).join(" "));

  test("upserts the policy, then each role before its user", () => {
    expect(requests(script)).toEqual([
      "es PUT '/_ilm/policy/genesis-jaeger-ilm-policy'",
      "es PUT '/_security/role/genesis-jaeger-writer'",
      "es PUT '/_security/user/genesis-jaeger-writer'",
      "es PUT '/_security/role/genesis-jaeger-reader'",
      "es PUT '/_security/user/genesis-jaeger-reader'",
      "es PUT '/_security/role/genesis-jaeger-monitor'",
      "es PUT '/_security/user/genesis-jaeger-monitor'",
    ]);
  });

  test("with users owned elsewhere, upserts only the policy and reads no Jaeger password", () => {
    expect(requests(withoutUsers)).toEqual(["es PUT '/_ilm/policy/genesis-jaeger-ilm-policy'"]);
    expect(withoutUsers).not.toContain("_security");
    expect(withoutUsers).not.toMatch(/writer-password|reader-password|monitor-password/);
  });

  test("sends the rendered ILM policy verbatim", () => {
    expect(script).toContain(`<<'JSON'\n${JSON.stringify(renderIlmPolicy(local))}\nJSON`);
  });

  test("verifies Elasticsearch's certificate on every request and reads every password from a file", () => {
    expect(script.match(/--cacert '\/bootstrap\/elasticsearch-ca\/ca\.crt'/g)).toHaveLength(3);
    expect(script).toContain(`auth="elastic:$(cat '/bootstrap/secrets/elastic-password')"`);
    expect(script.match(/--user "\$auth"/g)).toHaveLength(3);
    expect(script).toContain(`"$(cat '/bootstrap/secrets/writer-password')"`);
    expect(script).toContain(`"$(cat '/bootstrap/secrets/reader-password')"`);
    expect(script).not.toMatch(/--insecure|-k /);
  });

  test("waits, bounded, for the cluster to be at least yellow before the first request", () => {
    const wait = script.indexOf("_cluster/health?wait_for_status=yellow");
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThan(script.indexOf("es PUT"));
    expect(script).toContain('if [ "$attempt" -ge 60 ]; then');
  });

  test("stops at the first failed request", () => {
    expect(script).toMatch(/^set -eu$/m);
    expect(script).toContain("--fail-with-body");
  });

  test("checks the write alias of spans, services and dependencies, after access is set up", () => {
    const checks = script.split("\n").filter((line) => line.startsWith("check '"));
    expect(checks).toEqual([
      "check 'jaeger-span' 'genesis-jaeger-span-write' 'genesis-jaeger-span-read' 'genesis-jaeger-span-000001'",
      "check 'jaeger-service' 'genesis-jaeger-service-write' 'genesis-jaeger-service-read' 'genesis-jaeger-service-000001'",
      "check 'jaeger-dependencies' 'genesis-jaeger-dependencies-write' 'genesis-jaeger-dependencies-read' 'genesis-jaeger-dependencies-000001'",
    ]);
    expect(script.indexOf(checks[0])).toBeGreaterThan(script.lastIndexOf("_security/user/"));
  });

  test("ends by exec'ing the copied es-rollover binary, its environment exported and the password read from a file", () => {
    const tail = script.slice(script.indexOf("export ES_USE_ILM")).trimEnd().split("\n");
    const exported = tail.filter((l) => l.startsWith("export ") && l.includes("="));
    expect(exported).toEqual(Object.entries(rolloverInitEnvironment(local, { caFile: BOOTSTRAP_PATHS.elasticsearchCa })).map(([k, v]) => `export ${k}='${v}'`));
    expect(tail.slice(-3)).toEqual([`ES_PASSWORD="$(cat '/bootstrap/secrets/elastic-password')"`, "export ES_PASSWORD", `exec '/bootstrap/bin/es-rollover' init "$es_url"`]);
  });

  test.each([
    ["users api", script],
    ["users none", withoutUsers],
  ])("is valid POSIX shell (%s)", (_name, text) => {
    expect(() => execFileSync("/bin/sh", ["-n"], { input: text })).not.toThrow();
  });
});
