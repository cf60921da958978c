/**
 * Whether a Prometheus of the Prometheus Operator would pick up the stack's ServiceMonitors,
 * PrometheusRule and (when the stack installs ECK) the operator chart's PodMonitor: what
 * `doctor prod` reports with `TRACING_PROMETHEUS_OPERATOR=true`.
 *
 * The selectors of a `monitoring.coreos.com/v1` Prometheus (prometheus-operator API reference,
 * PrometheusSpec): `serviceMonitorSelector`, `podMonitorSelector`, `ruleSelector` match the
 * objects' labels, an empty selector all objects and a null one none; the matching
 * `…NamespaceSelector` matches the namespace's labels, an empty selector every namespace and a
 * null one (the default) the Prometheus' own namespace only.
 */
import { renderPrometheusOperatorObjects, scrapeTargets } from "../tracing/monitoring/monitoring-objects";
import type { TracingSettings } from "../tracing/settings";
import { prodTopology, TRACING_NAMESPACE_LABELS } from "../tracing/topology/topology";
import { selectorMatches, type LabelSelector, type Labels } from "./network-policy-evaluator";

type Kind = "ServiceMonitor" | "PodMonitor" | "PrometheusRule";

/** The PrometheusSpec fields that select each kind. */
const SELECTORS: Readonly<Record<Kind, { readonly objects: string; readonly namespaces: string }>> = {
  ServiceMonitor: { objects: "serviceMonitorSelector", namespaces: "serviceMonitorNamespaceSelector" },
  PodMonitor: { objects: "podMonitorSelector", namespaces: "podMonitorNamespaceSelector" },
  PrometheusRule: { objects: "ruleSelector", namespaces: "ruleNamespaceSelector" },
};

/** One object of ours a Prometheus must select. */
interface MonitoringObject {
  readonly kind: Kind;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

/** A Prometheus object as `kubectl get prometheuses -A -o json` lists it (the fields read here). */
export interface PrometheusObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: Readonly<Record<string, LabelSelector | null | undefined>>;
}

/**
 * The labels the eck-operator chart 3.5.0 puts on its PodMonitor (templates/podMonitor.yaml:
 * `eck-operator.labels`, then `podMonitor.labels`), as `helm template` renders them.
 */
function eckPodMonitorLabels(release: string, selectorLabels: Labels): Labels {
  return { "app.kubernetes.io/name": "elastic-operator", "app.kubernetes.io/instance": release, "app.kubernetes.io/managed-by": "Helm", ...selectorLabels };
}

/** Every object a Prometheus must select for the backend to be scraped and alerted on. */
function monitoringObjects(settings: TracingSettings): MonitoringObject[] {
  const k = settings.kubernetes;
  const topology = prodTopology(settings);
  const objects = renderPrometheusOperatorObjects({}, scrapeTargets(topology), k.namespace, k.prometheusSelectorLabels);
  const ours = [objects.prometheusRule, ...objects.serviceMonitors.map(([, monitor]) => monitor)] as { kind: Kind; metadata: { name: string; namespace: string; labels: Labels } }[];
  return [
    ...ours.map((o) => ({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels })),
    ...(k.eckOperator === "install"
      ? [{ kind: "PodMonitor" as const, name: topology.eckOperator.name, namespace: k.eckOperatorNamespace, labels: eckPodMonitorLabels(topology.eckOperator.name, k.prometheusSelectorLabels) }]
      : []),
  ];
}

/** Why `prometheus` would not select `object`, and the fix; undefined when it would. */
function whyNotSelected(prometheus: PrometheusObject, object: MonitoringObject, namespaceLabels: (namespace: string) => Labels): { why: string; fix: string } | undefined {
  const fields = SELECTORS[object.kind];
  const objects = prometheus.spec?.[fields.objects];
  const namespaces = prometheus.spec?.[fields.namespaces];
  const own = prometheus.metadata?.namespace ?? "";
  const id = prometheusId(prometheus);
  const edit = `kubectl -n ${own} edit prometheus ${prometheus.metadata?.name ?? ""}`;
  if (objects === undefined || objects === null) {
    return { why: `no ${fields.objects}: it selects no ${object.kind}`, fix: `give ${id} a ${fields.objects} ({} selects every ${object.kind}): ${edit}` };
  }
  if (!selectorMatches(objects, object.labels)) {
    const wanted = asSetting(objects);
    return {
      why: `its ${fields.objects} ${JSON.stringify(objects)} does not match the ${object.kind}'s labels`,
      fix: wanted === undefined ? `set TRACING_PROMETHEUS_SELECTOR_LABELS to labels ${id}'s ${fields.objects} matches` : `set TRACING_PROMETHEUS_SELECTOR_LABELS=${wanted} (the labels ${id} selects)`,
    };
  }
  if (namespaces === undefined || namespaces === null) {
    if (object.namespace === own) return undefined;
    return { why: `no ${fields.namespaces}: it looks in its own namespace ${own} only, not in ${object.namespace}`, fix: `set ${fields.namespaces}: {} on ${id} to look in every namespace: ${edit}` };
  }
  if (selectorMatches(namespaces, namespaceLabels(object.namespace))) return undefined;
  return { why: `its ${fields.namespaces} does not match namespace ${object.namespace}`, fix: `label namespace ${object.namespace} as ${id}'s ${fields.namespaces} asks, or set that selector to {}: ${edit}` };
}

const prometheusId = (p: PrometheusObject) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`;

/** `key=value,…` for a selector of matchLabels only; undefined when it has expressions. */
function asSetting(selector: LabelSelector): string | undefined {
  if ((selector.matchExpressions ?? []).length > 0) return undefined;
  return Object.entries(selector.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

export interface SelectionVerdict {
  /** `namespace/name` of a Prometheus that selects every object. */
  readonly selectedBy?: string;
  /** For each Prometheus, the first object it misses and why. */
  readonly misses: readonly string[];
  /** The one line that would fix it, when the closest Prometheus tells. */
  readonly fix: string;
}

/**
 * Which Prometheus selects every object of ours, given the cluster's namespaces' labels (a
 * namespace not there yet: the labels the stack gives the tracing namespace, or its name only).
 */
export function prometheusSelection(settings: TracingSettings, prometheuses: readonly PrometheusObject[], existingNamespaces: ReadonlyMap<string, Labels>): SelectionVerdict {
  const namespaceLabels = (namespace: string): Labels => ({
    ...(existingNamespaces.get(namespace) ?? (namespace === settings.kubernetes.namespace ? TRACING_NAMESPACE_LABELS : {})),
    "kubernetes.io/metadata.name": namespace,
  });
  const objects = monitoringObjects(settings);
  const verdicts = prometheuses.map((prometheus) => ({
    prometheus,
    missed: objects.map((object) => ({ object, reason: whyNotSelected(prometheus, object, namespaceLabels) })).find((m) => m.reason !== undefined),
  }));
  const selecting = verdicts.find((v) => v.missed === undefined);
  if (selecting) return { selectedBy: prometheusId(selecting.prometheus), misses: [], fix: "" };
  const misses = verdicts.map(({ prometheus, missed }) => `${prometheusId(prometheus)} misses ${missed?.object.kind} ${missed?.object.namespace}/${missed?.object.name}: ${missed?.reason?.why}`);
  // The first Prometheus' fix: usually the only one, whose selector asks for other labels than ours.
  const fix =
    verdicts[0]?.missed?.reason?.fix ??
    "install the Prometheus Operator's Prometheus (kube-prometheus-stack), or set TRACING_PROMETHEUS_OPERATOR=false and paste examples/<scenario>/prometheus-scrape.yaml into your Prometheus";
  return { misses, fix };
}
