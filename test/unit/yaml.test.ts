import { parse } from "yaml";
import { resolveSettings } from "../../tracing/checked-settings";
import { toYaml } from "../../tracing/core/yaml";
import { renderElasticsearchValues } from "../../tracing/topology/eck-values";

/**
 * Helm (sigs.k8s.io/yaml, go-yaml v2) and Prometheus read YAML 1.1, where an unquoted yes, on,
 * y or off is a boolean: a string that looks like one must reach them quoted.
 */
const yaml11 = (text: string) => parse(text, { version: "1.1" });

test("strings that YAML 1.1 reads as booleans, numbers or null are quoted", () => {
  const words = { a: "yes", b: "on", c: "y", d: "no", e: "off", f: "0x1F", g: "1_000", h: "~", i: "true" };
  expect(toYaml(words)).toBe('a: "yes"\nb: "on"\nc: "y"\nd: "no"\ne: "off"\nf: "0x1F"\ng: "1_000"\nh: "~"\ni: "true"\n');
  expect(yaml11(toYaml(words))).toEqual(words);
});

test("a node selector value `yes` reaches Helm as the string Kubernetes requires", () => {
  const settings = resolveSettings("prod", { TRACING_NODE_SELECTOR: "dedicated=yes" });
  const values = yaml11(toYaml(renderElasticsearchValues(settings))) as any;
  const nodeSets = values.nodeSets as any[];
  expect(nodeSets.map((set) => set.podTemplate.spec.nodeSelector)).toEqual(nodeSets.map(() => ({ dedicated: "yes" })));
});
