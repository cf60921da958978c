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
 * `elasticsearch.yml` settings of every node, local and prod alike:
 * - mmap off: raising `vm.max_map_count` needs a privileged init container, which Pod
 *   Security `restricted` forbids;
 * - no GeoIP database downloads: the nodes have no egress to the internet, and traces need
 *   no GeoIP enrichment.
 */
export function renderNodeSettings(): Readonly<Record<string, boolean>> {
  return { "node.store.allow_mmap": false, "ingest.geoip.downloader.enabled": false };
}
