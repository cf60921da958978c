/**
 * Elasticsearch node settings shared by the Docker node and the ECK node sets.
 */
import type { TracingSettings } from "../settings";

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

/**
 * Disk watermarks of the local node, as free space instead of Elasticsearch's 85 / 90 / 95 %
 * of the disk. On a laptop the data volume shares Docker's disk (Docker Desktop's VM disk, or
 * the host's) with images and build caches, so that disk is often over 90 % used while
 * gigabytes are free: with the default high watermark the single node then allocates no new
 * shard, and the bootstrap fails with `unavailable_shards`. Free-space values keep the node
 * working down to 1 GB free and still stop writes (flood stage: indices read-only) at 512 MB,
 * before the disk is full. Elasticsearch reads all three as percentages or all three as byte
 * sizes meaning free space, low >= high >= flood stage (`DiskThresholdSettings`, server/src/main/
 * java/org/elasticsearch/cluster/routing/allocation, in 7.x as in 9.x). Prod keeps the defaults:
 * its volumes hold nothing else, and its disk alert is set against the 85 % low watermark.
 */
export const LAPTOP_DISK_WATERMARKS = {
  "cluster.routing.allocation.disk.watermark.low": "2gb",
  "cluster.routing.allocation.disk.watermark.high": "1gb",
  "cluster.routing.allocation.disk.watermark.flood_stage": "512mb",
} as const;
