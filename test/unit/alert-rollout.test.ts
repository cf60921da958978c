/**
 * Critical alerts wait out ordinary operations: each critical alert's `for` outlasts the
 * replacement of one pod (or Elasticsearch node) of what it watches, derived from the rollout
 * settings in the synthesized stacks: probes, grace periods, surge and unavailability.
 */
import { parse } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import { CRITICAL_ALERT_WATCHES, type RuleFile } from "../../tracing/monitoring/alert-rules";
import { backendComponents } from "../../tracing/topology/components";
import { SCRAPE_INTERVAL_SECONDS } from "../../tracing/core/scrape";
import { resolveSettings } from "../../tracing/checked-settings";
import { collectorModeSynth, COLLECTOR_MODE, defaultSynth } from "../default-synth";

/** Kubernetes' default `terminationGracePeriodSeconds`. */
const KUBERNETES_GRACE_SECONDS = 30;
/** ECK's default `terminationGracePeriodSeconds` of an Elasticsearch pod (nodespec/defaults.go). */
const ECK_GRACE_SECONDS = 180;
/**
 * Assumed: an Elasticsearch node's JVM starts and joins within this. ECK sets no liveness probe,
 * so no setting bounds it; a 2 GB heap node starts in well under a minute.
 */
const ELASTICSEARCH_START_SECONDS = 120;
/** Elasticsearch's default `indices.recovery.max_bytes_per_sec` (40 MB/s). */
const RECOVERY_BYTES_PER_SECOND = 40 * 1024 * 1024;

const seconds = (duration: string) => {
  const m = /^(\d+)([smh])$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as "s" | "m" | "h"];
};

interface Probe {
  readonly initial_delay_seconds?: number;
  readonly period_seconds?: number;
  readonly failure_threshold?: number;
}

/**
 * How long one pod of a Deployment is out during a rolling restart: the old pod's grace period,
 * then (with maxUnavailable 0 the old pod leaves only once the new is ready; with more, at once)
 * the new pod's start, bounded by its liveness probe (later than that it is killed: not an
 * ordinary restart) and one readiness period; plus one scrape for Prometheus to see it.
 */
function podWindowSeconds(deployment: any): number {
  const pod = deployment.spec.template.spec;
  const grace = pod.termination_grace_period_seconds ?? KUBERNETES_GRACE_SECONDS;
  const start = Math.max(
    ...pod.container.map((c: { liveness_probe: Probe; readiness_probe: Probe }) => {
      const live = c.liveness_probe;
      return (live.initial_delay_seconds ?? 0) + (live.period_seconds ?? 10) * (live.failure_threshold ?? 3) + (c.readiness_probe.period_seconds ?? 10);
    }),
  );
  return grace + start + SCRAPE_INTERVAL_SECONDS;
}

/**
 * One Elasticsearch node's restart: ECK replaces one node at a time (changeBudget maxUnavailable 1)
 * and waits for green before the next, so the cluster is yellow for one node's grace period, its
 * start, and the recovery of what was written meanwhile: at most the day's write index, its
 * primaries and replicas spread over the nodes.
 */
function elasticsearchNodeWindowSeconds(docs: any, env: Record<string, string>): number {
  const release = Object.values<any>(docs.prod.resource.helm_release).find((r) => r.chart === "eck-elasticsearch");
  const values = parse(release.values[1]);
  expect(values.updateStrategy?.changeBudget?.maxUnavailable ?? parse(release.values[0]).updateStrategy.changeBudget.maxUnavailable).toBe(1);
  const es = resolveSettings("prod", env).elasticsearch;
  const grace = Math.max(...values.nodeSets.map((n: any) => n.podTemplate?.spec?.terminationGracePeriodSeconds ?? ECK_GRACE_SECONDS));
  const recoveryBytes = (es.dailyVolumeGiB * 1024 ** 3 * (1 + es.replicas)) / es.nodeCount;
  return grace + ELASTICSEARCH_START_SECONDS + recoveryBytes / RECOVERY_BYTES_PER_SECOND + SCRAPE_INTERVAL_SECONDS;
}

/** What CRITICAL_ALERT_WATCHES may name: a component of the backend, or the Elasticsearch nodes. */
const WATCHABLE = ["gateway", "collector", "query", "elasticsearchExporter", "elasticsearch"];

describe.each([
  // The collectors drain behind the gateway (75 s grace), not in `sdk` mode.
  // Windows: a collector's 140 s (30 s grace, 80 s start, one 30 s scrape); one Elasticsearch
  // node's 348 s; certificate dates and disk use do not move in a restart.
  [
    "default",
    defaultSynth,
    {},
    30,
    [
      ["TracingNoSpansReceived", 140],
      ["TracingExportFailureRatioHigh", 140],
      ["TracingElasticsearchNotGreen", 348],
      ["TracingElasticsearchDiskWatermarkReached", 0],
      ["TracingCertificateExpiryCritical", 0],
    ],
  ],
  // A collector's 185 s (75 s drain); the gateway's 140 s (no-spans takes the longer of the two).
  [
    "collector mode",
    collectorModeSynth,
    COLLECTOR_MODE,
    75,
    [
      ["TracingNoSpansReceived", 185],
      ["TracingExportFailureRatioHigh", 185],
      ["TracingElasticsearchNotGreen", 348],
      ["TracingElasticsearchDiskWatermarkReached", 0],
      ["TracingGatewayDown", 140],
      ["TracingTailSamplingDroppedTraces", 185],
      ["TracingGatewayExportFailing", 185],
      ["TracingGatewayNoCollectors", 185],
      ["TracingCertificateExpiryCritical", 0],
    ],
  ],
] as const)("critical alerts outlast a rolling restart (%s)", (_, synth, env, collectorGrace, expectedWindows) => {
  const docs = stackDocuments(synth());
  const rules = (parse(Object.values<any>(docs.prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === "genesis-tracing-alert-rules").data["genesis-tracing.rules.yaml"]) as RuleFile)
    .groups.flatMap((g) => g.rules);
  const deployments = Object.values<any>(docs.prod.resource.kubernetes_deployment_v1);
  const settings = resolveSettings("prod", env);
  const windowOf = (watched: string): number => {
    if (watched === "elasticsearch") return elasticsearchNodeWindowSeconds(docs, env);
    if (!WATCHABLE.includes(watched)) throw new Error(`CRITICAL_ALERT_WATCHES names ${watched}, which is no component`);
    const name = backendComponents(settings).find((c) => c.id === watched)?.name;
    const deployment = deployments.find((d) => d.metadata.name === name);
    // A component this configuration does not run (the gateway in `sdk` mode) cannot restart.
    return deployment ? podWindowSeconds(deployment) : 0;
  };

  test("every critical alert says what it watches", () => {
    const critical = rules.filter((r) => r.labels.severity === "critical").map((r) => r.alert);
    expect(critical.length).toBeGreaterThan(3);
    expect(critical.filter((a) => !(a in CRITICAL_ALERT_WATCHES))).toEqual([]);
  });

  test("each critical alert's `for` is longer than one pod's or node's replacement", () => {
    const rows = rules
      .filter((r) => r.labels.severity === "critical")
      .map((r) => {
        const windows = CRITICAL_ALERT_WATCHES[r.alert].map(windowOf);
        return { alert: r.alert, for: seconds(r.for), window: Math.ceil(Math.max(0, ...windows)) };
      });
    expect(rows.filter((r) => r.for <= r.window)).toEqual([]);
    // What each critical alert waits out, written out: an entry of CRITICAL_ALERT_WATCHES
    // emptied would shrink its window to 0 and pass the check above.
    expect(rows.map((r) => [r.alert, r.window])).toStrictEqual(expectedWindows);
    // The derivation itself: a query pod (30 s grace, liveness 10 + 6 x 10 s, readiness 10 s),
    // and a collector's.
    expect(windowOf("query")).toBe(30 + 10 + 60 + 10 + SCRAPE_INTERVAL_SECONDS);
    expect(windowOf("collector")).toBe(collectorGrace + 10 + 60 + 10 + SCRAPE_INTERVAL_SECONDS);
    // One Elasticsearch node: 180 s grace, 120 s start, 2/3 GiB at 40 MB/s, one scrape: more than 5 minutes.
    expect(Math.round(windowOf("elasticsearch"))).toBe(180 + 120 + 17 + SCRAPE_INTERVAL_SECONDS);
  });
});
