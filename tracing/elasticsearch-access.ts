/**
 * Who may do what in Elasticsearch: one least-privilege role and user for the collector
 * (writes), one for the query service (reads) and one for the metrics exporter (cluster
 * monitoring). Locally the bootstrap script (`bootstrap-script.ts`) sets them up through the
 * security API before Jaeger starts; in prod ECK's file realm holds them (`eck-values.ts`).
 * Nothing runs as the `elastic` superuser but the bootstrap itself.
 */
import { jaegerIndexPattern } from "./ilm";
import type { TracingSettings } from "./settings";

export type JaegerAccess = "writer" | "reader" | "monitor";

/** Every principal the bootstrap creates, in order. */
export const ACCESS_KINDS: readonly JaegerAccess[] = ["writer", "reader", "monitor"];

/** Name of the Elasticsearch user and role of a Jaeger component. */
export function elasticsearchPrincipal(settings: TracingSettings, access: JaegerAccess): string {
  return `${settings.indexPrefix}-jaeger-${access}`;
}

/**
 * Body of `PUT _security/role/<name>`.
 * - writer: `monitor` for Jaeger's version probe, `manage_index_templates` because the
 *   collector (re)creates its templates bound to the ILM policy, `create_index` + `index` to
 *   write spans through the write aliases.
 * - reader: `monitor` and read access only; the query service never changes anything.
 * - monitor: cluster `monitor` only (health, node and index statistics for the exporter).
 */
export function renderJaegerRole(settings: TracingSettings, access: JaegerAccess): object {
  if (access === "monitor") return { cluster: ["monitor"], indices: [] };
  const writer = access === "writer";
  return {
    cluster: writer ? ["monitor", "manage_index_templates"] : ["monitor"],
    indices: [
      {
        names: [jaegerIndexPattern(settings)],
        privileges: writer ? ["create_index", "index", "view_index_metadata"] : ["read", "view_index_metadata"],
      },
    ],
  };
}
