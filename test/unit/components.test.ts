import { backendComponents, portsNamed } from "../../tracing/topology/components";
import { localPublishedPorts } from "../../tracing/topology/local-resources";
import { intendedFlows, renderNetworkPolicies } from "../../tracing/topology/network-policy";
import { resolveSettings } from "../../tracing/checked-settings";
import { prodTopology } from "../../tracing/topology/topology";

const configurations = [
  ["prod, sdk mode", resolveSettings("prod")],
  ["prod, collector mode", resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector" })],
  ["local, collector mode", resolveSettings("local", { TRACE_SAMPLING_MODE: "collector" })],
] as const;

test.each(configurations)("%s: every port a descriptor lets someone reach is one it serves", (_name, settings) => {
  for (const descriptor of backendComponents(settings)) {
    for (const reach of descriptor.reachedBy) expect(() => portsNamed(descriptor, reach.ports)).not.toThrow();
  }
});

test("the gateway is a component only where it runs: prod in collector mode", () => {
  const ids = (settings: (typeof configurations)[number][1]) => backendComponents(settings).map((c) => c.id);
  expect(configurations.map(([name, settings]) => [name, ids(settings)])).toEqual([
    ["prod, sdk mode", ["collector", "query", "elasticsearchExporter"]],
    ["prod, collector mode", ["gateway", "collector", "query", "elasticsearchExporter"]],
    ["local, collector mode", ["collector", "query", "elasticsearchExporter"]],
  ]);
});

test("a descriptor is all a component needs for its pods, its policy and its flows", () => {
  const settings = configurations[1][1];
  const policies = renderNetworkPolicies(settings);
  const flows = intendedFlows(settings);
  for (const { descriptor, group } of prodTopology(settings).components) {
    expect(group.name).toBe(descriptor.name);
    expect(group.selector["app.kubernetes.io/component"]).toBe(descriptor.labels.component);
    const policy = policies.find((p) => p.name === `allow-${descriptor.name}`);
    expect(policy?.spec.podSelector.matchLabels).toEqual(group.selector);
    // Each reach is a flow in, with exactly the port numbers it names, and nothing else comes in.
    const inbound = flows.filter((f) => f.to.kind === "pods" && f.to.group.name === descriptor.name).map((f) => f.ports.map((p) => p.port));
    const declared = descriptor.reachedBy.map((reach) => portsNamed(descriptor, reach.ports).map((p) => p.port));
    expect(inbound).toEqual(declared);
    // Its Elasticsearch connection, if it has a user.
    const toElasticsearch = flows.some((f) => f.from.kind === "pods" && f.from.group.name === descriptor.name && f.ports.some((p) => p.port === 9200));
    expect({ component: descriptor.id, toElasticsearch }).toEqual({ component: descriptor.id, toElasticsearch: descriptor.elasticsearch !== undefined });
  }
});

test("the local stack publishes exactly the ports the descriptors mark, at the settings' host ports", () => {
  const settings = resolveSettings("local", { TRACING_HOST_PORT_OTLP_GRPC: "14317", TRACING_HOST_PORT_UI: "26686", TRACING_HOST_PORT_PROMETHEUS: "19090" });
  expect(localPublishedPorts(settings)).toEqual({
    elasticsearch: [{ internal: 9200, external: 9200 }],
    collector: [
      { internal: 4317, external: 14317 },
      { internal: 4318, external: 4318 },
      { internal: 8888, external: 8888 },
      { internal: 8889, external: 8889 },
    ],
    query: [{ internal: 16686, external: 26686 }],
    prometheus: [{ internal: 9090, external: 19090 }],
  });
});
