import { parse } from "yaml";
import { renderEckOperatorValues, renderElasticsearchValues, renderRolesFile } from "../../tracing/topology/eck-values";
import { resolveSettings } from "../../tracing/checked-settings";

test("the operator's metrics: plain HTTP on 9090 from a pod labelled ours, and with the Prometheus Operator a PodMonitor carrying the selector labels", () => {
  const metrics = (env: Record<string, string>) => {
    const { config, podLabels, podMonitor } = renderEckOperatorValues(resolveSettings("prod", env)) as any;
    return { config, podLabels, podMonitor };
  };
  expect(metrics({})).toEqual({
    config: { metrics: { port: "9090", secureMode: { enabled: false } } },
    podLabels: { "app.kubernetes.io/part-of": "genesis-tracing" },
    podMonitor: { enabled: false },
  });
  expect(metrics({ TRACING_PROMETHEUS_OPERATOR: "true", TRACING_PROMETHEUS_SELECTOR_LABELS: "release=monitoring,team=platform" }).podMonitor).toEqual({
    enabled: true,
    labels: { release: "monitoring", team: "platform" },
    interval: "30s",
  });
});

test("the heap and memory follow the settings", () => {
  const values: any = renderElasticsearchValues(resolveSettings("prod", { ES_HEAP_MIB: "4096", ES_MEMORY_LIMIT_MIB: "8192" }));
  const [container] = values.nodeSets[0].podTemplate.spec.containers;
  expect(container.env).toEqual([{ name: "ES_JAVA_OPTS", value: "-Xms4g -Xmx4g" }]);
  expect(container.resources.limits.memory).toBe("8192Mi");
});

test("a heap that is not a whole number of GiB is given in MiB", () => {
  const values: any = renderElasticsearchValues(resolveSettings("prod", { ES_HEAP_MIB: "2560", ES_MEMORY_LIMIT_MIB: "6144" }));
  expect(values.nodeSets[0].podTemplate.spec.containers[0].env[0].value).toBe("-Xms2560m -Xmx2560m");
});

test("no StorageClass key unless settings name one", () => {
  const values: any = renderElasticsearchValues(resolveSettings("prod"));
  expect(values.nodeSets[0].volumeClaimTemplates[0].spec).not.toHaveProperty("storageClassName");
});

describe("Jaeger's users and roles live in ECK's file realm", () => {
  const settings = resolveSettings("prod");
  const values: any = renderElasticsearchValues(settings);

  test("one basic-auth Secret per user and one roles Secret, named after the principals", () => {
    expect(values.auth).toEqual({
      fileRealm: [
        { secretName: "genesis-jaeger-writer" },
        { secretName: "genesis-jaeger-reader" },
        { secretName: "genesis-jaeger-monitor" },
        { secretName: "genesis-jaeger-bootstrap" },
      ],
      roles: [{ secretName: "genesis-jaeger-roles" }],
    });
  });

  test("roles.yml holds the same least-privilege roles the API bootstrap writes locally", () => {
    const roles = parse(renderRolesFile(settings));
    expect(Object.keys(roles)).toEqual(["genesis-jaeger-writer", "genesis-jaeger-reader", "genesis-jaeger-monitor", "genesis-jaeger-bootstrap"]);
    expect(roles["genesis-jaeger-writer"]).toEqual({
      cluster: ["monitor", "manage_index_templates"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["create_index", "index", "view_index_metadata"] }],
    });
    expect(roles["genesis-jaeger-reader"]).toEqual({ cluster: ["monitor"], indices: [{ names: ["genesis-jaeger-*"], privileges: ["read", "view_index_metadata"] }] });
    // The exporter's ILM collector: `_ilm/status` (read_ilm) and `<index>/_ilm/explain` (view_index_metadata); no read of spans.
    expect(roles["genesis-jaeger-monitor"]).toEqual({ cluster: ["monitor", "read_ilm"], indices: [{ names: ["genesis-jaeger-*"], privileges: ["view_index_metadata"] }] });
    // The bootstrap Job's own: what es-rollover init and the ILM policy need, and no security privilege.
    expect(roles["genesis-jaeger-bootstrap"]).toEqual({
      cluster: ["monitor", "manage_ilm", "manage_index_templates"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["create_index", "manage", "view_index_metadata"] }],
    });
    expect(JSON.stringify(roles)).not.toMatch(/security|"all"|superuser/);
  });

  test("the HTTP certificate is the stack's Secret, not ECK's self-signed one", () => {
    expect(values.http).toEqual({ tls: { certificate: { secretName: "genesis-http-certificate" } } });
  });
});
