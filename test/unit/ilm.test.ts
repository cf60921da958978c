import { ilmPolicyName, renderIlmPolicy, rolloverIndexNames, rolloverInitEnvironment, ROLLOVER_INIT_INDEX_TYPES } from "../../tracing/elasticsearch/ilm";
import { resolveSettings } from "../../tracing/checked-settings";
import { LOCAL_ILM_POLICY, localInitEnvironment } from "../fixtures/local-ilm";

const local = resolveSettings("local");

describe("ILM policy", () => {
  test("rolls over daily or at 50 GB per primary shard and deletes after 7 days", () => {
    expect(renderIlmPolicy(local)).toEqual(LOCAL_ILM_POLICY);
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
  test("handles spans, services and dependencies: no sampling or archive indices with our flags", () => {
    expect(ROLLOVER_INIT_INDEX_TYPES).toEqual(["jaeger-span", "jaeger-service", "jaeger-dependencies"]);
  });

  test("names the aliases and first index as es-rollover does, under the prefix", () => {
    expect(rolloverIndexNames(local, "jaeger-span")).toEqual({
      writeAlias: "genesis-jaeger-span-write",
      readAlias: "genesis-jaeger-span-read",
      firstIndex: "genesis-jaeger-span-000001",
    });
    expect(rolloverIndexNames(resolveSettings("local", { TRACE_INDEX_PREFIX: "risk" }), "jaeger-dependencies").writeAlias).toBe(
      "risk-jaeger-dependencies-write",
    );
  });

  test("creates ILM-bound templates, first indices and aliases for the genesis prefix over verified TLS, as the user it is given", () => {
    expect(rolloverInitEnvironment(local, { caFile: "/bootstrap/ca.crt", username: "elastic" })).toEqual(localInitEnvironment("/bootstrap/ca.crt"));
  });
});
