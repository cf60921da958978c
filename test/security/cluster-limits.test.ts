/**
 * Settings that would break the cluster they deploy to are refused in the stack they would
 * break, and only there: a shared value that suits prod but not the single local node is
 * refused for local by name, with the `PROD_` form as the fix.
 */
import { steadyStateShardsPerNode } from "../../tracing/elasticsearch/ilm";
import { resolveAllSettings, resolveSettings } from "../../tracing/checked-settings";
import { STACK_NAMES, type EnvironmentVariables, type StackName } from "../../tracing/settings";

type StackCase = [description: string, env: EnvironmentVariables, field: string, refusedIn: readonly StackName[]];

const messageOf = (stack: StackName, env: EnvironmentVariables): string | undefined => {
  try {
    resolveSettings(stack, env);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

const cases: StackCase[] = [
  ["a registry-only Jaeger repository", { JAEGER_IMAGE: "host:5000" }, "images.jaeger.repository", ["local", "prod"]],
  ["an Elasticsearch registry port beyond 65535", { ELASTICSEARCH_IMAGE: "registry.corp:70000/elasticsearch" }, "images.elasticsearch.repository", ["local", "prod"]],
  ["a Jaeger version Latest", { JAEGER_VERSION: "Latest" }, "images.jaeger.tag", ["local", "prod"]],
  ["a gateway version LATEST", { OTEL_COLLECTOR_CONTRIB_VERSION: "LATEST" }, "images.gateway.tag", ["prod"]],
  ["an exporter version latest in capitals", { ES_EXPORTER_VERSION: "LATEST" }, "images.elasticsearchExporter.tag", ["prod"]],
  ["the tracing namespace default", { TRACING_NAMESPACE: "default" }, "kubernetes.namespace", ["prod"]],
  ["the tracing namespace kube-system", { TRACING_NAMESPACE: "kube-system" }, "kubernetes.namespace", ["prod"]],
  ["the tracing namespace kube-node-lease", { TRACING_NAMESPACE: "kube-node-lease" }, "kubernetes.namespace", ["prod"]],
  ["the tracing namespace the ECK operator's", { TRACING_NAMESPACE: "elastic-system" }, "kubernetes.eckOperatorNamespace", ["prod"]],
  ["the ECK namespace the tracing one", { TRACING_ECK_NAMESPACE: "tracing" }, "kubernetes.eckOperatorNamespace", ["prod"]],
  ["the ECK namespace default", { TRACING_ECK_NAMESPACE: "default" }, "kubernetes.eckOperatorNamespace", ["prod"]],
  ["the monitoring namespace the tracing one", { TRACING_MONITORING_NAMESPACE: "tracing" }, "kubernetes.monitoringNamespace", ["prod"]],
  ["the monitoring namespace the ECK operator's", { TRACING_MONITORING_NAMESPACE: "elastic-system" }, "kubernetes.monitoringNamespace", ["prod"]],
  ["the monitoring namespace kube-system", { TRACING_MONITORING_NAMESPACE: "kube-system" }, "kubernetes.monitoringNamespace", ["prod"]],
  ["replicas meant for three prod nodes", { ES_INDEX_REPLICAS: "1" }, "elasticsearch.replicas", ["local"]],
  ["a year of daily indices on one local node", { TRACE_RETENTION_DAYS: "365", ES_DISK_GIB: "900" }, "retentionDays", ["local"]],
  ["16 shards an index for a month", { ES_INDEX_SHARDS: "16", TRACE_RETENTION_DAYS: "30", ES_DISK_GIB: "100" }, "retentionDays", ["local", "prod"]],
  ["a node-local DNS address with leading zeros", { TRACING_DNS_NODE_LOCAL_ADDRESS: "169.254.020.010" }, "kubernetes.dns.nodeLocalAddress", ["prod"]],
  ["a node-local DNS address in 0.0.0.0/8", { TRACING_DNS_NODE_LOCAL_ADDRESS: "0.1.2.3" }, "kubernetes.dns.nodeLocalAddress", ["prod"]],
];

describe.each(cases)("%s", (_description, env, field, refusedIn) => {
  test.each(STACK_NAMES)("%s", (stack) => {
    const message = messageOf(stack, env);
    const refusal = message?.split("\n").find((line) => line.includes(`(${field}`));
    expect({ stack, refused: refusal !== undefined }).toEqual({ stack, refused: refusedIn.includes(stack) });
  });
});

test("a shared replica count that suits prod names PROD_ES_INDEX_REPLICAS as the fix for local", () => {
  expect(() => resolveAllSettings({ ES_INDEX_REPLICAS: "1" })).toThrow(
    /- ES_INDEX_REPLICAS \(elasticsearch\.replicas; or change ES_NODE_COUNT; or set PROD_ES_INDEX_REPLICAS instead, if the value is meant for that stack alone\) must be a whole number between 0 and 0/,
  );
  // A value both stacks refuse has no such hint: the other stack would refuse it too.
  expect(() => resolveAllSettings({ ES_INDEX_REPLICAS: "5" })).toThrow(/- ES_INDEX_REPLICAS \(elasticsearch\.replicas; or change ES_NODE_COUNT\) must/);
  expect(resolveAllSettings({ PROD_ES_INDEX_REPLICAS: "1" }).local.elasticsearch.replicas).toBe(0);
});

describe("shards per node at steady state", () => {
  test("defaults: 9 indices of each of 3 types, 1 shard; local keeps 27 on its node, prod 54 copies on 3 nodes", () => {
    expect(steadyStateShardsPerNode(resolveSettings("local"))).toMatchObject({ indices: 27, perNode: 27 });
    expect(steadyStateShardsPerNode(resolveSettings("prod"))).toMatchObject({ indices: 27, perNode: 18 });
  });

  test("a day above the shard size rolls the span index over more than once a day", () => {
    // 120 GiB a day over 1 shard of at most 50 GiB: 3 span indices a day, kept 8 days, plus 2 other types.
    const settings = resolveSettings("prod", { ES_DAILY_VOLUME_GIB: "120", ES_DISK_GIB: "2500" });
    expect(steadyStateShardsPerNode(settings)).toMatchObject({ indices: (3 + 2) * 8 + 3, perNode: Math.ceil((43 * 2) / 3) });
  });

  test("the refusal shows the count, the limit and the formula", () => {
    expect(messageOf("local", { TRACE_RETENTION_DAYS: "365", ES_DISK_GIB: "900" })).toContain(
      "((1 span + 2 other indices a day) x (365 days + 1) + 3 write indices) x 1 shards x (1 + 0 replicas) / 1 nodes = 1101 shards per node, above 900",
    );
  });

  test("the most days one local node holds at one shard is accepted, one more is not", () => {
    // (3 x (days + 1) + 3) <= 900 → days <= 298.
    expect(messageOf("local", { TRACE_RETENTION_DAYS: "298", ES_DISK_GIB: "900" })).toBeUndefined();
    expect(messageOf("local", { TRACE_RETENTION_DAYS: "299", ES_DISK_GIB: "900" })).toMatch(/= 903 shards per node, above 900/);
  });
});
