/**
 * Retention: the ILM policy that rolls the Jaeger indices over daily and deletes them after
 * `retentionDays`, and what `es-rollover init` needs to create the templates, first indices
 * and aliases bound to it. Jaeger never creates the policy itself; it must exist first.
 */
import type { TracingSettings } from "../settings";

/** The Jaeger index types; each gets its own template, rollover alias and ILM binding. */
export const JAEGER_INDEX_TYPES = ["spans", "services", "dependencies", "sampling"] as const;

/** Rollover at this primary shard size at the latest (Elastic's sizing guidance). */
const MAX_PRIMARY_SHARD_GIB = 50;
const MAX_PRIMARY_SHARD_SIZE = `${MAX_PRIMARY_SHARD_GIB}gb`;
/** Rollover at this age at the latest. */
const ROLLOVER_MAX_AGE_DAYS = 1;

/** ILM deletes an index `retentionDays` after its rollover, so it lives up to one day longer. */
export const ROLLOVER_LAG_DAYS = 1;

/**
 * `cluster.max_shards_per_node`'s default: Elasticsearch refuses to create an index (and so
 * every rollover) once the open shards exceed this times the data nodes
 * (`ShardLimitValidator`, "this action would add [n] shards, but this cluster currently has
 * [m]/[limit] maximum normal shards open").
 */
export const MAX_SHARDS_PER_NODE = 1000;
/** Left to Elasticsearch's own indices (security, ILM history, tasks, GeoIP) and to reindexing. */
export const SYSTEM_SHARD_RESERVE = 100;

export function ilmPolicyName(settings: TracingSettings): string {
  return `${settings.indexPrefix}-jaeger-ilm-policy`;
}

/** Pattern matching every index and alias Jaeger creates under the prefix. */
export function jaegerIndexPattern(settings: TracingSettings): string {
  return `${settings.indexPrefix}-jaeger-*`;
}

/**
 * Body of `PUT _ilm/policy/<name>`. `min_age` of the delete phase counts from rollover, so an
 * index is kept `retentionDays` after it stopped receiving writes.
 */
export function renderIlmPolicy(settings: TracingSettings): object {
  return {
    policy: {
      phases: {
        hot: {
          min_age: "0ms",
          actions: {
            rollover: { max_age: `${ROLLOVER_MAX_AGE_DAYS}d`, max_primary_shard_size: MAX_PRIMARY_SHARD_SIZE },
            set_priority: { priority: 100 },
          },
        },
        delete: {
          min_age: `${settings.retentionDays}d`,
          actions: { delete: {} },
        },
      },
    },
  };
}

/**
 * The index types `es-rollover init` sets up with our flags (`RolloverIndices` in Jaeger
 * 2.20's `cmd/es-rollover/app/index_options.go`): sampling only with `--adaptive-sampling`,
 * the archive only with `--archive`, dependencies unless `--skip-dependencies`.
 */
export const ROLLOVER_INIT_INDEX_TYPES = ["jaeger-span", "jaeger-service", "jaeger-dependencies"] as const;
export type RolloverInitIndexType = (typeof ROLLOVER_INIT_INDEX_TYPES)[number];

/** Names es-rollover gives one index type: `<prefix>-<type>-write`, `-read` and `-000001`. */
export function rolloverIndexNames(settings: TracingSettings, type: RolloverInitIndexType) {
  const base = `${settings.indexPrefix}-${type}`;
  return { writeAlias: `${base}-write`, readAlias: `${base}-read`, firstIndex: `${base}-000001` } as const;
}

/**
 * Environment of `es-rollover init` with ILM (every flag is also an environment variable):
 * index templates bound to the policy, `<prefix>-jaeger-*-000001` and the read/write aliases.
 * It runs as whoever the bootstrap runs as: `elastic` locally, the scoped bootstrap user in prod.
 * es-rollover has no password-file flag: whoever runs it adds `ES_PASSWORD` from the mounted
 * secret at run time, so the password is never in args or config.
 */
export function rolloverInitEnvironment(settings: TracingSettings, placement: { readonly caFile: string; readonly username: string }): Readonly<Record<string, string>> {
  return {
    ES_USE_ILM: "true",
    ES_ILM_POLICY_NAME: ilmPolicyName(settings),
    INDEX_PREFIX: settings.indexPrefix,
    SHARDS: String(settings.elasticsearch.shards),
    REPLICAS: String(settings.elasticsearch.replicas),
    ES_TLS_ENABLED: "true",
    ES_TLS_CA: placement.caFile,
    ES_USERNAME: placement.username,
  };
}

/**
 * The Jaeger shards each Elasticsearch node holds once retention is reached: per index type
 * that es-rollover binds to the policy, the indices rolled over in the retention plus its lag,
 * and the write index, each of `shards` primaries with `replicas` copies, spread over the
 * nodes. The span index rolls over more than daily when a day's data exceeds the shard size;
 * the others are counted at one a day (Elasticsearch 8.4+ skips empty ones, so this is the
 * most there can be).
 */
export function steadyStateShardsPerNode(settings: TracingSettings): { readonly perNode: number; readonly indices: number; readonly formula: string } {
  const es = settings.elasticsearch;
  const spanRolloversPerDay = Math.max(1 / ROLLOVER_MAX_AGE_DAYS, Math.ceil(es.dailyVolumeGiB / (MAX_PRIMARY_SHARD_GIB * es.shards)));
  const otherTypes = ROLLOVER_INIT_INDEX_TYPES.length - 1;
  const keptDays = settings.retentionDays + ROLLOVER_LAG_DAYS;
  const indices = (spanRolloversPerDay + otherTypes / ROLLOVER_MAX_AGE_DAYS) * keptDays + ROLLOVER_INIT_INDEX_TYPES.length;
  const perNode = Math.ceil((indices * es.shards * (1 + es.replicas)) / es.nodeCount);
  const formula =
    `((${spanRolloversPerDay} span + ${otherTypes} other indices a day) x (${settings.retentionDays} days + ${ROLLOVER_LAG_DAYS}) + ${ROLLOVER_INIT_INDEX_TYPES.length} write indices) ` +
    `x ${es.shards} shards x (1 + ${es.replicas} replicas) / ${es.nodeCount} nodes = ${perNode} shards per node`;
  return { perNode, indices, formula };
}
