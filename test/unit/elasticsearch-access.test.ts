import { execFileSync } from "node:child_process";
import { renderBootstrapScript, renderJaegerRole } from "../../tracing/elasticsearch-access";
import { renderIlmPolicy } from "../../tracing/ilm";
import { resolveSettings } from "../../tracing/settings";

const local = resolveSettings("local");
const script = renderBootstrapScript(local, { elasticsearchUrl: "https://elasticsearch:9200" });

describe("roles", () => {
  test("the writer may create and write Jaeger indices and templates, nothing else", () => {
    expect(renderJaegerRole(local, "writer")).toEqual({
      cluster: ["monitor", "manage_index_templates"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["create_index", "index", "view_index_metadata"] }],
    });
  });

  test("the reader may only read Jaeger indices", () => {
    expect(renderJaegerRole(local, "reader")).toEqual({
      cluster: ["monitor"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["read", "view_index_metadata"] }],
    });
  });
});

describe("bootstrap script", () => {
  test("upserts the policy, then each role before its user", () => {
    const requests = script.split("\n").filter((line) => /(^|\| )es PUT/.test(line.trim()));
    expect(requests.map((line) => line.trim().replace(/^\| /, "").split(" ").slice(0, 3).join(" "))).toEqual([
      "es PUT '/_ilm/policy/genesis-jaeger-ilm-policy'",
      "es PUT '/_security/role/genesis-jaeger-writer'",
      "es PUT '/_security/user/genesis-jaeger-writer'",
      "es PUT '/_security/role/genesis-jaeger-reader'",
      "es PUT '/_security/user/genesis-jaeger-reader'",
      "es PUT '/_security/role/genesis-jaeger-monitor'",
      "es PUT '/_security/user/genesis-jaeger-monitor'",
    ]);
  });

  test("sends the rendered ILM policy verbatim", () => {
    expect(script).toContain(`<<'JSON'\n${JSON.stringify(renderIlmPolicy(local))}\nJSON`);
  });

  test("verifies Elasticsearch's certificate and reads every password from a file", () => {
    expect(script).toContain("--cacert '/bootstrap/elasticsearch-ca/ca.crt'");
    expect(script).toContain(`auth="elastic:$(cat '/bootstrap/secrets/elastic-password')"`);
    expect(script.match(/--user "\$auth"/g)).toHaveLength(2);
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

  test("is valid POSIX shell", () => {
    expect(() => execFileSync("/bin/sh", ["-n"], { input: script })).not.toThrow();
  });
});
