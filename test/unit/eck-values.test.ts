import { renderElasticsearchValues } from "../../tracing/eck-values";
import { resolveSettings } from "../../tracing/settings";

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
