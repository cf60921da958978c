/**
 * Who may do what in Elasticsearch: one least-privilege role and user for the collector
 * (writes), one for the query service (reads) and one for the metrics exporter (cluster
 * monitoring). Locally the bootstrap script (`bootstrap-script.ts`) sets them up through the
 * security API before Jaeger starts, as the `elastic` superuser (only it may create users); in
 * prod ECK's file realm holds them (`eck-values.ts`), with a fourth, the bootstrap's own: prod
 * never runs as `elastic`.
 */
import { jaegerIndexPattern } from "./ilm";
import { BOOTSTRAP_PATHS } from "../core/paths";
import type { TracingSettings } from "../settings";

export type JaegerAccess = "writer" | "reader" | "monitor" | "bootstrap";

/** The principals of Jaeger's components, which the local bootstrap creates, in order. */
export const ACCESS_KINDS: readonly JaegerAccess[] = ["writer", "reader", "monitor"];

/** Every user of ECK's file realm in prod: the components' and the bootstrap Job's. */
export const FILE_REALM_KINDS: readonly JaegerAccess[] = [...ACCESS_KINDS, "bootstrap"];

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
 * - monitor: cluster `monitor` (health, node and index statistics, cluster settings for the
 *   exporter), `read_ilm` (`GET _ilm/status`) and `view_index_metadata` on the Jaeger indices
 *   (`GET <index>/_ilm/explain`): the exporter's ILM collector needs both. No read of spans.
 * - bootstrap: what the prod bootstrap Job does and no more (Jaeger 2.20's
 *   `cmd/es-rollover/app/init/action.go`): `monitor` (cluster health, the version probe),
 *   `manage_ilm` (the policy), `manage_index_templates` (es-rollover's templates), and on the
 *   Jaeger indices `create_index`, `view_index_metadata` (the alias checks, `GetJaegerIndices`)
 *   and `manage` (aliases). No `manage_security`: it can grant nothing.
 */
export function renderJaegerRole(settings: TracingSettings, access: JaegerAccess): object {
  if (access === "monitor") return { cluster: ["monitor", "read_ilm"], indices: [{ names: [jaegerIndexPattern(settings)], privileges: ["view_index_metadata"] }] };
  if (access === "bootstrap") {
    return {
      cluster: ["monitor", "manage_ilm", "manage_index_templates"],
      indices: [{ names: [jaegerIndexPattern(settings)], privileges: ["create_index", "manage", "view_index_metadata"] }],
    };
  }
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

/** Where the bootstrap container finds the password of one of Jaeger's Elasticsearch users. */
export const bootstrapPasswordFile = (access: JaegerAccess): string => `${BOOTSTRAP_PATHS.secretsDir}/${access}-password`;
