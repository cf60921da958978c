/**
 * Changes that keep a resource in place for Terraform and Helm but leave Elasticsearch without
 * its data: the eck-elasticsearch release's values naming another cluster or StorageClass, or
 * asking for smaller volumes, and the data guard's replacement. `plan:summary` reads them from a
 * plan, `npm run diff` from two synths; both call them data at risk.
 */
import { parse } from "yaml";

type Json = any;

/** The chart that holds the Elasticsearch cluster. */
export const ELASTICSEARCH_CHART = "eck-elasticsearch";

/** A helm_release's values list (YAML texts, later ones win at the top level), as one object. */
function mergedValues(values: Json): Json {
  const texts: unknown[] = Array.isArray(values) ? values : [];
  return Object.assign({}, ...texts.map((text) => (typeof text === "string" ? (parse(text) ?? {}) : {})));
}

/** `30Gi` in GiB; undefined for any other form. */
function gibibytes(quantity: unknown): number | undefined {
  const match = /^(\d+)Gi$/.exec(String(quantity));
  return match ? Number(match[1]) : undefined;
}

function dataVolumes(values: Json): { storageClass: string; gib: number | undefined }[] {
  return (values.nodeSets ?? []).flatMap((nodeSet: Json) =>
    (nodeSet.volumeClaimTemplates ?? []).map((claim: Json) => ({
      storageClass: claim.spec?.storageClassName ?? "",
      gib: gibibytes(claim.spec?.resources?.requests?.storage),
    })),
  );
}

/** Why moving the eck-elasticsearch values from `before` to `after` empties or strands the cluster. */
export function elasticsearchValuesRisks(beforeValues: Json, afterValues: Json): string[] {
  const before = mergedValues(beforeValues);
  const after = mergedValues(afterValues);
  const risks: string[] = [];
  if (before.fullnameOverride !== after.fullnameOverride) {
    risks.push(`the cluster is renamed ${before.fullnameOverride} -> ${after.fullnameOverride}: ECK deletes the old one with its volumes and starts an empty one`);
  }
  const [was, now] = [dataVolumes(before), dataVolumes(after)];
  const classes = (volumes: typeof was) => [...new Set(volumes.map((v) => v.storageClass || "(default)"))].join(", ");
  if (classes(was) !== classes(now)) risks.push(`the data volumes move from StorageClass ${classes(was)} to ${classes(now)}: existing volumes cannot change class`);
  const largest = (volumes: typeof was) => Math.max(0, ...volumes.map((v) => v.gib ?? 0));
  const smallest = Math.min(...now.map((v) => v.gib ?? Infinity));
  if (smallest < largest(was)) risks.push(`the data volumes shrink from ${largest(was)} GiB to ${smallest} GiB: Kubernetes and ECK refuse it`);
  return risks;
}

/** The data guard of the prod stack: a terraform_data keyed by what holds the data. */
export function isDataGuard(type: string, body: Json): boolean {
  return type === "terraform_data" && body?.triggers_replace?.elasticsearch_name !== undefined;
}

/** What a replacement of the data guard means. */
export function dataGuardRisk(before: Json, after: Json): string {
  const keys = Object.keys({ ...before?.triggers_replace, ...after?.triggers_replace }).filter(
    (key) => JSON.stringify(before?.triggers_replace?.[key]) !== JSON.stringify(after?.triggers_replace?.[key]),
  );
  const changed = keys.map((key) => `${key} ${before?.triggers_replace?.[key] ?? "(none)"} -> ${after?.triggers_replace?.[key] ?? "(none)"}`).join(", ");
  return `what holds the stored traces changes (${changed || "replaced"}): the cluster starts empty or Jaeger reads other indices`;
}

/** Every data risk between two synthesized stack documents, each with the address it concerns. */
export function stackDataRisks(before: Json, after: Json): { address: string; risk: string }[] {
  const risks: { address: string; risk: string }[] = [];
  for (const [type, byName] of Object.entries<Json>(after?.resource ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) {
      const old = before?.resource?.[type]?.[name];
      if (old === undefined) continue;
      if (type === "helm_release" && body.chart === ELASTICSEARCH_CHART) {
        risks.push(...elasticsearchValuesRisks(old.values, body.values).map((risk) => ({ address: `${type}.${name}`, risk })));
      }
      if (isDataGuard(type, body) && JSON.stringify(old.triggers_replace) !== JSON.stringify(body.triggers_replace)) {
        risks.push({ address: `${type}.${name}`, risk: dataGuardRisk(old, body) });
      }
    }
  }
  return risks;
}
