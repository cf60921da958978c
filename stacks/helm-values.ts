import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ECK_OPERATOR_VERSION } from "../tracing/settings/schema";

/** Third-party charts, their pinned versions and the values file kept for each. */
export const CHARTS = {
  eckOperatorCrds: { name: "eck-operator-crds", version: ECK_OPERATOR_VERSION, valuesFile: "eck-operator-crds.yaml" },
  eckOperator: { name: "eck-operator", version: ECK_OPERATOR_VERSION, valuesFile: "eck-operator.yaml" },
  // renovate: datasource=helm depName=eck-elasticsearch registryUrl=https://helm.elastic.co
  eckElasticsearch: { name: "eck-elasticsearch", version: "0.20.0", valuesFile: "elasticsearch.yaml" },
} as const;

/**
 * The text of a file in `helm-values/`, as Helm receives it. The folder is one level above
 * this module both in the source tree (`stacks/`) and in the synth bundle (`.build/`).
 */
export function readHelmValues(file: string): string {
  return readFileSync(join(__dirname, "..", "helm-values", file), "utf8");
}
