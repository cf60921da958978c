import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Third-party charts, their pinned versions and the values file kept for each. */
export const CHARTS = {
  eckOperator: { name: "eck-operator", version: "3.5.0", valuesFile: "eck-operator.yaml" },
  eckElasticsearch: { name: "eck-elasticsearch", version: "0.20.0", valuesFile: "elasticsearch.yaml" },
} as const;

/**
 * The text of a file in `helm-values/`, as Helm receives it. The folder is one level above
 * this module both in the source tree (`stacks/`) and in the synth bundle (`.build/`).
 */
export function readHelmValues(file: string): string {
  return readFileSync(join(__dirname, "..", "helm-values", file), "utf8");
}
