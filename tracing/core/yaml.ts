import { stringify } from "yaml";

/** Renders a config object as YAML: insertion order kept, no line folding, so output is stable. */
export function toYaml(document: object): string {
  return stringify(document, { lineWidth: 0 });
}
