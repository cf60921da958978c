import { LAPTOP_DISK_WATERMARKS } from "../../tracing/elasticsearch/elasticsearch-node";

/** Elasticsearch's reading of a watermark as free bytes (`ByteSizeValue`), undefined for a ratio. */
function freeBytes(value: string): number | undefined {
  const match = /^(\d+)(b|kb|mb|gb|tb)$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 1024 ** ["b", "kb", "mb", "gb", "tb"].indexOf(match[2]);
}

test("the laptop watermarks are all free-space sizes, low >= high >= flood stage, as DiskThresholdSettings requires", () => {
  const { low, high, flood } = {
    low: freeBytes(LAPTOP_DISK_WATERMARKS["cluster.routing.allocation.disk.watermark.low"]),
    high: freeBytes(LAPTOP_DISK_WATERMARKS["cluster.routing.allocation.disk.watermark.high"]),
    flood: freeBytes(LAPTOP_DISK_WATERMARKS["cluster.routing.allocation.disk.watermark.flood_stage"]),
  };
  expect([low, high, flood].every((v) => v !== undefined)).toBe(true);
  expect(low as number).toBeGreaterThanOrEqual(high as number);
  expect(high as number).toBeGreaterThanOrEqual(flood as number);
});

test("a 250 GB laptop disk 95 % used (12.5 GB free) is below none of them: the node still takes the bootstrap's shards", () => {
  const free = 12.5 * 1024 ** 3;
  for (const value of Object.values(LAPTOP_DISK_WATERMARKS)) expect(free).toBeGreaterThan(freeBytes(value) as number);
});
