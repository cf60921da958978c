import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { toYaml } from "../tracing/core/yaml";
import { ECK_OPERATOR_VERSION } from "../tracing/settings/schema";

/** Third-party charts, their pinned versions and the values file kept for each. */
export const CHARTS = {
  eckOperatorCrds: { name: "eck-operator-crds", version: ECK_OPERATOR_VERSION, valuesFile: "eck-operator-crds.yaml" },
  eckOperator: { name: "eck-operator", version: ECK_OPERATOR_VERSION, valuesFile: "eck-operator.yaml" },
  // renovate: datasource=helm depName=eck-elasticsearch registryUrl=https://helm.elastic.co
  eckElasticsearch: { name: "eck-elasticsearch", version: "0.20.0", valuesFile: "elasticsearch.yaml" },
} as const;

/**
 * Values as Helm receives them: the data of a values file without its comments, which are for
 * the reviewers of this repository. A comment edit then changes no release, so a plan shows a
 * values change only when Helm would see one.
 */
export const helmValuesText = (fileText: string): string => toYaml(parse(fileText));

/**
 * A file in `helm-values/`, as Helm receives it. The folder is one level above this module
 * both in the source tree (`stacks/`) and in the synth bundle (`.build/`).
 */
export function readHelmValues(file: string): string {
  return helmValuesText(readFileSync(join(__dirname, "..", "helm-values", file), "utf8"));
}
