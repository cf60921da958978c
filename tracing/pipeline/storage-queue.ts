/**
 * Size of the storage exporter's in-memory queue: it must hold the spans that reach one
 * collector while Elasticsearch does not take them, for as long as one Elasticsearch node
 * restart lasts, and still fit the collector's memory.
 *
 *   spans per collector = design rate / collectors
 *   queue (spans)       = spans per collector × outage × headroom, at least one full batch
 *   queue memory        = queue × memory per span, at most a quarter of the collector's memory
 *
 * The queue counts spans (`sizer: items`), not batches: the batch processor sends a batch
 * every 200 ms whether or not it is full, so at tens of spans per second a batch holds a
 * handful of spans, not 8192, and a queue counted in batches would say nothing about
 * either the spans it can hold or the memory it takes.
 *
 * What the queue can and cannot do with Jaeger 2.20: the Elasticsearch writer hands spans to
 * an asynchronous bulk indexer and reports success before they are stored (jaeger
 * internal/storage/v2/elasticsearch/tracestore/core/writer.go `WriteSpans`; docs/rfc/0007).
 * While Elasticsearch is slow (a bulk request waits up to a minute for a restarted node's
 * shards to get a new primary) the indexer blocks and the queue holds what arrives meanwhile,
 * instead of pushing back on the SDKs, which drop spans after their export timeout. A bulk
 * request that fails is logged and counted (`jaeger_storage_bulk_index_errors_total`) but
 * never reaches the exporter: no queue or retry can replay it until Jaeger writes
 * synchronously (`write_mode: sync`, unreleased after 2.20).
 */
import type { TracingSettings } from "../settings";

const MiB = 1024 * 1024;

/** The batch processor in front of the storage exporter (collector processor/batchprocessor). */
export const BATCH = {
  /** The upstream default (batchprocessor factory.go `defaultSendBatchSize`). */
  sendBatchSize: 8192,
  /** No batch is larger, so one always fits the queue (the queue refuses a larger one whole). */
  sendBatchMaxSize: 8192,
} as const;

/**
 * The Elasticsearch outage the queue rides out: one node restart or rolling-upgrade step.
 * ECK restarts one node at a time; its pre-stop wait, a JVM start with a 2 GiB heap and the
 * recovery of the node's shards take a few minutes, and five cover a slow one.
 */
export const ELASTICSEARCH_OUTAGE_SECONDS = 300;

/**
 * Room above the design rate: connections are re-balanced only every few minutes
 * (`max_connection_age`), so one collector may carry more than its share meanwhile.
 */
export const QUEUE_HEADROOM = 2;

/**
 * Memory one queued span takes in the collector. A span of ~1 KiB on the wire, with its
 * decoded attributes (each up to the SDK's 1 KiB limit), takes 1-2 KiB; this takes the top.
 */
export const SPAN_MEMORY_BYTES = 2048;

/**
 * Share of the collector's memory a full queue may take. The memory limiter refuses data
 * above 60 % of it (limit 80 % minus spike 20 %); Go lets as much garbage again accumulate
 * before it collects, and the collector has its own working set besides: twice a quarter
 * plus that working set stays under 60 %.
 */
export const QUEUE_MEMORY_SHARE = 0.25;

/** An in-memory queue of spans, sized for an outage at a pod's share of a design rate. */
export interface SpanQueueSizing {
  /** Pods that share the design rate: one locally, the autoscaler's minimum in prod. */
  readonly pods: number;
  readonly spansPerSecondPerPod: number;
  /** `queue_size` with `sizer: items`. */
  readonly queueSpans: number;
  /** What a full queue holds in memory. */
  readonly queueBytes: number;
  /** What a full queue may hold: `QUEUE_MEMORY_SHARE` of the pod's memory limit. */
  readonly memoryBudgetBytes: number;
  /** Smallest memory limit that fits this queue. */
  readonly memoryLimitMiBNeeded: number;
  /** Fewest pods (of the current memory limit each) whose queues fit their memory. */
  readonly podsNeeded: number;
}

export interface SpanQueueInputs {
  readonly spansPerSecond: number;
  readonly pods: number;
  /** How long the queue must hold what arrives (times `QUEUE_HEADROOM`). */
  readonly outageSeconds: number;
  readonly memoryLimitMiB: number;
  /** @default 1 */
  readonly minimumSpans?: number;
}

/**
 *   spans per pod = design rate / pods
 *   queue (spans) = spans per pod × outage × headroom, at least `minimumSpans`
 *   queue memory  = queue × memory per span, at most a quarter of the pod's memory
 */
export function spanQueueSizing(inputs: SpanQueueInputs): SpanQueueSizing {
  // More replicas than the minimum only lower the rate each one takes.
  const spansPerSecondPerPod = inputs.spansPerSecond / inputs.pods;
  const held = inputs.outageSeconds * QUEUE_HEADROOM;
  const queueSpans = Math.max(inputs.minimumSpans ?? 1, Math.ceil(spansPerSecondPerPod * held));
  const queueBytes = queueSpans * SPAN_MEMORY_BYTES;
  const memoryBudgetBytes = inputs.memoryLimitMiB * MiB * QUEUE_MEMORY_SHARE;
  return {
    pods: inputs.pods,
    spansPerSecondPerPod,
    queueSpans,
    queueBytes,
    memoryBudgetBytes,
    memoryLimitMiBNeeded: Math.ceil(queueBytes / QUEUE_MEMORY_SHARE / MiB),
    podsNeeded: Math.ceil(inputs.spansPerSecond / (memoryBudgetBytes / SPAN_MEMORY_BYTES / held)),
  };
}

/** Collectors that share a design rate: one locally, the autoscaler's minimum (or fixed count) in prod. */
export const collectorCount = (settings: TracingSettings): number => (settings.stack === "local" ? 1 : settings.kubernetes.collectorReplicas);

/** The collectors' storage queue: an Elasticsearch node restart at their share of the stored rate. */
export function storageQueueSizing(settings: TracingSettings): SpanQueueSizing {
  return spanQueueSizing({
    spansPerSecond: settings.collector.designSpansPerSecond,
    pods: collectorCount(settings),
    outageSeconds: ELASTICSEARCH_OUTAGE_SECONDS,
    memoryLimitMiB: settings.collector.memoryLimitMiB,
    minimumSpans: BATCH.sendBatchMaxSize,
  });
}
