/**
 * Retention: the ILM policy that rolls the Jaeger indices over daily and deletes them after
 * `retentionDays`, and the `es-rollover init` call that creates the templates, first indices
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

/** The `jaeger-es-rollover` image's binary. */
const ES_ROLLOVER_BINARY = "/go/bin/es-rollover";

export interface RolloverInitInvocation {
  /** Replaces the image's entrypoint: a shell that loads the password, then runs init. */
  readonly command: readonly string[];
  /** Non-secret environment (every es-rollover flag is also an environment variable). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * `es-rollover init` with ILM: index templates bound to the policy, `<prefix>-jaeger-*-000001`
 * and the read/write aliases. Re-running it is safe (existing indices and aliases are kept).
 * It runs as the `elastic` administrator because it creates templates, indices and aliases.
 * es-rollover has no password-file flag, so a shell (the image is Alpine) reads the mounted
 * secret into `ES_PASSWORD` just before exec: the password is never in args or config.
 */
export function renderRolloverInit(
  settings: TracingSettings,
  placement: { readonly elasticsearchUrl: string; readonly caFile: string; readonly adminPasswordFile: string },
): RolloverInitInvocation {
  return {
    command: [
      "/bin/sh",
      "-c",
      `ES_PASSWORD="$(cat '${placement.adminPasswordFile}')" exec ${ES_ROLLOVER_BINARY} "$@"`,
      "es-rollover",
      "init",
      placement.elasticsearchUrl,
    ],
    env: {
      ES_USE_ILM: "true",
      ES_ILM_POLICY_NAME: ilmPolicyName(settings),
      INDEX_PREFIX: settings.indexPrefix,
      SHARDS: String(settings.elasticsearch.shards),
      REPLICAS: String(settings.elasticsearch.replicas),
      ES_TLS_ENABLED: "true",
      ES_TLS_CA: placement.caFile,
      ES_USERNAME: "elastic",
    },
  };
}
