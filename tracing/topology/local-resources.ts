/**
 * What the local stack takes from the laptop: the host ports it publishes on 127.0.0.1, the
 * memory its containers may use, and the prefix of every Docker object it names. Defined
 * once: stacks/local-stack.ts and constructs/docker place them, and `npm run doctor local`
 * checks the laptop against the same values.
 */
import { component, type ComponentId } from "./components";
import { PORTS } from "../core/ports";
import type { TracingSettings } from "../settings";

/** Prefix of every Docker object the local stack owns (network, containers, volumes). */
export const LOCAL_NAME_PREFIX = "genesis-tracing";

/** Where local services find the SDK env files and the CA, relative to the project root. */
export const LOCAL_CLIENT_DIR = ".tracing/local";

/**
 * The local stack's output with the monitoring user's password (sensitive; already in state as
 * its random_password), which `npm run smoke -- local` reads with `terraform output -raw`.
 */
export const LOCAL_MONITOR_PASSWORD_OUTPUT = "elasticsearch_monitor_password";

/**
 * The long-running containers of the local stack (`must_run`): the Docker provider 3.6.2
 * removes such a container during a plan's refresh when it is stopped, so `npm run doctor local`
 * looks for them. The one-shot tasks may stay exited.
 */
export const LOCAL_SERVICE_CONTAINERS = ["elasticsearch", "collector", "query", "prometheus"].map((name) => `${LOCAL_NAME_PREFIX}-${name}`);

/** A container port published on 127.0.0.1 at the host port settings give it. */
export interface PublishedPort {
  readonly internal: number;
  readonly external: number;
}

/**
 * What each local container publishes: its usual port inside, the settings' port outside.
 * Jaeger's come from the component descriptors (their `hostPort`), Elasticsearch's from here.
 */
export function localPublishedPorts(settings: TracingSettings): Readonly<Record<"elasticsearch" | "collector" | "query" | "prometheus", readonly PublishedPort[]>> {
  const host = settings.hostPorts;
  const publishedBy = (id: ComponentId): PublishedPort[] =>
    component(settings, id).ports.flatMap((p) => (p.hostPort === undefined ? [] : [{ internal: p.port, external: host[p.hostPort] }]));
  return {
    elasticsearch: [{ internal: PORTS.elasticsearchHttp, external: host.elasticsearchHttp }],
    collector: publishedBy("collector"),
    query: publishedBy("query"),
    prometheus: [{ internal: PORTS.prometheus, external: host.prometheus }],
  };
}

/** Memory limits of the local containers that no setting sizes. */
export const LOCAL_FIXED_MEMORY_MIB = {
  query: 512,
  /**
   * The Monitor tab's Prometheus: a laptop's series (a few dozen per operation, plus the
   * collector's and query's own) need a few tens of MiB of head; the rest is room for queries.
   */
  prometheus: 256,
  /** The bootstrap script's container (the es-rollover binary task before it takes 64). */
  bootstrap: 128,
  binary: 64,
} as const;

/** Memory limit of each local container that can run at once with the others. */
export function localMemoryLimitsMiB(settings: TracingSettings): Readonly<Record<"elasticsearch" | "collector" | "query" | "prometheus" | "bootstrap", number>> {
  return {
    elasticsearch: settings.elasticsearch.memoryLimitMiB,
    collector: settings.collector.memoryLimitMiB,
    query: LOCAL_FIXED_MEMORY_MIB.query,
    prometheus: LOCAL_FIXED_MEMORY_MIB.prometheus,
    bootstrap: LOCAL_FIXED_MEMORY_MIB.bootstrap,
  };
}
