import { ilmPolicyName, renderIlmPolicy, renderRolloverInit } from "../../tracing/ilm";
import { resolveSettings } from "../../tracing/settings";

const local = resolveSettings("local");

describe("ILM policy", () => {
  test("rolls over daily or at 50 GB per primary shard and deletes after 7 days", () => {
    expect(renderIlmPolicy(local)).toEqual({
      policy: {
        phases: {
          hot: {
            min_age: "0ms",
            actions: { rollover: { max_age: "1d", max_primary_shard_size: "50gb" }, set_priority: { priority: 100 } },
          },
          delete: { min_age: "7d", actions: { delete: {} } },
        },
      },
    });
  });

  test("the delete age follows TRACE_RETENTION_DAYS", () => {
    const settings = resolveSettings("local", { TRACE_RETENTION_DAYS: "30", ES_DISK_GIB: "40" });
    expect((renderIlmPolicy(settings) as any).policy.phases.delete.min_age).toBe("30d");
  });

  test("is named after the index prefix", () => {
    expect(ilmPolicyName(resolveSettings("local", { TRACE_INDEX_PREFIX: "risk" }))).toBe("risk-jaeger-ilm-policy");
  });
});

describe("es-rollover init", () => {
  const init = renderRolloverInit(local, {
    elasticsearchUrl: "https://elasticsearch:9200",
    caFile: "/bootstrap/ca.crt",
    adminPasswordFile: "/bootstrap/secrets/elastic-password",
  });

  test("creates ILM-bound templates, first indices and aliases for the genesis prefix over verified TLS", () => {
    expect(init.env).toEqual({
      ES_USE_ILM: "true",
      ES_ILM_POLICY_NAME: "genesis-jaeger-ilm-policy",
      INDEX_PREFIX: "genesis",
      SHARDS: "1",
      REPLICAS: "0",
      ES_TLS_ENABLED: "true",
      ES_TLS_CA: "/bootstrap/ca.crt",
      ES_USERNAME: "elastic",
    });
    expect(init.command.slice(-2)).toEqual(["init", "https://elasticsearch:9200"]);
  });

  test("reads the password from the mounted file at run time, never from args or env", () => {
    expect(init.command.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(init.command[2]).toBe(`ES_PASSWORD="$(cat '/bootstrap/secrets/elastic-password')" exec /go/bin/es-rollover "$@"`);
    expect(Object.keys(init.env)).not.toContain("ES_PASSWORD");
  });
});
