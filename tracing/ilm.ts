/**
 * Retention: the ILM policy that rolls the Jaeger indices over daily and deletes them after
 * `retentionDays`, and what `es-rollover init` needs to create the templates, first indices
 * and aliases bound to it. Jaeger never creates the policy itself; it must exist first.
 */
import type { TracingSettings } from "./settings";

/** The Jaeger index types; each gets its own template, rollover alias and ILM binding. */
export const JAEGER_INDEX_TYPES = ["spans", "services", "dependencies", "sampling"] as const;

/** Rollover at this primary shard size at the latest (Elastic's sizing guidance). */
const MAX_PRIMARY_SHARD_SIZE = "50gb";

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
            rollover: { max_age: "1d", max_primary_shard_size: MAX_PRIMARY_SHARD_SIZE },
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
 * It runs as the `elastic` administrator because it creates templates, indices and aliases.
 * es-rollover has no password-file flag: whoever runs it adds `ES_PASSWORD` from the mounted
 * secret at run time, so the password is never in args or config.
 */
export function rolloverInitEnvironment(settings: TracingSettings, placement: { readonly caFile: string }): Readonly<Record<string, string>> {
  return {
    ES_USE_ILM: "true",
    ES_ILM_POLICY_NAME: ilmPolicyName(settings),
    INDEX_PREFIX: settings.indexPrefix,
    SHARDS: String(settings.elasticsearch.shards),
    REPLICAS: String(settings.elasticsearch.replicas),
    ES_TLS_ENABLED: "true",
    ES_TLS_CA: placement.caFile,
    ES_USERNAME: "elastic",
  };
}
