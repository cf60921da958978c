import { stringify } from "yaml";

/**
 * Renders a config object as YAML: insertion order kept, no line folding, so output is stable.
 * Quoted for YAML 1.1, which Helm (sigs.k8s.io/yaml on go-yaml v2) and Prometheus read: there an
 * unquoted `yes`, `on` or `y` is a boolean, so a node selector value `yes` would fail the release.
 * YAML 1.2 readers (the collectors) read the quoted strings the same.
 */
export function toYaml(document: object): string {
  return stringify(document, { lineWidth: 0, version: "1.1" });
}
