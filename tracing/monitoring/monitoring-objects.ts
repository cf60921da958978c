/**
 * The Prometheus Operator's objects for the backend, as plain manifests: the Monitoring
 * construct places them, `npm run render` writes them for review.
 */
import { SCRAPE_INTERVAL_SECONDS } from "../core/scrape";
import { INSTANCE, type PodGroup, type ProdTopology } from "../topology/topology";

export interface ScrapeTarget {
  readonly group: PodGroup;
  /** Service port names serving Prometheus metrics. */
  readonly ports: readonly string[];
}


/** Each component's metrics ports, by the Service port names a ServiceMonitor selects. */
export function scrapeTargets(topology: ProdTopology): ScrapeTarget[] {
  return topology.components.map(({ descriptor, group }) => ({ group, ports: descriptor.ports.filter((p) => p.metrics).map((p) => p.name) }));
}

/**
 * The Prometheus Operator's objects: one PrometheusRule with the rules, one ServiceMonitor per
 * scrape target (by its group's name), all in the tracing namespace, labelled for the
 * Prometheus that should select them (`TRACING_PROMETHEUS_SELECTOR_LABELS`).
 */
export function renderPrometheusOperatorObjects(rules: object, targets: readonly ScrapeTarget[], tracingNamespace: string, selectorLabels: Readonly<Record<string, string>>) {
  // The Prometheus selects them by `selectorLabels`; ours last, so none of them can replace it.
  const labels = { ...selectorLabels, "app.kubernetes.io/part-of": INSTANCE };
  return {
    prometheusRule: {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "genesis-tracing", namespace: tracingNamespace, labels },
      spec: rules,
    },
    serviceMonitors: targets.map((target): [string, object] => [
      target.group.name,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: target.group.name, namespace: tracingNamespace, labels },
        spec: {
          selector: { matchLabels: { ...target.group.selector } },
          endpoints: target.ports.map((port) => ({ port, path: "/metrics", interval: `${SCRAPE_INTERVAL_SECONDS}s` })),
        },
      },
    ]),
  };
}
