/**
 * Elasticsearch node settings shared by the Docker node and the ECK node sets.
 */
import type { TracingSettings } from "./settings";

/** `-Xms` = `-Xmx` (Elastic: "The minimum and maximum values must be the same"). */
export function renderHeapOptions(settings: TracingSettings): string {
  const heapMiB = settings.elasticsearch.heapMiB;
  const size = heapMiB % 1024 === 0 ? `${heapMiB / 1024}g` : `${heapMiB}m`;
  return `-Xms${size} -Xmx${size}`;
}

/**
 * `elasticsearch.yml` settings of every node. mmap is off because raising
 * `vm.max_map_count` needs a privileged init container, which Pod Security `restricted`
 * forbids; the local node uses the same setting so it behaves like prod.
 */
export function renderNodeSettings(): Readonly<Record<string, string>> {
  return { "node.store.allow_mmap": "false" };
}
