import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { renderPrometheusOperatorObjects, type ScrapeTarget } from "../../tracing/monitoring/monitoring-objects";
import { RULES_CONFIG_MAP } from "../../tracing/monitoring/scrape-config";
import { INSTANCE } from "../../tracing/topology/topology";
import { toYaml } from "../../tracing/core/yaml";
import { literalText } from "../terraform-text";


export interface MonitoringProps {
  /** Where Prometheus and Grafana run (the dashboard ConfigMap goes there). */
  readonly monitoringNamespace: string;
  readonly tracingNamespace: string;
  /** Rendered Prometheus rule file. */
  readonly rules: object;
  /** Rendered Grafana dashboard. */
  readonly dashboard: object;
  /**
   * Ship ServiceMonitors and a PrometheusRule (the Prometheus Operator's CRDs must exist
   * before the plan); otherwise the rules go in a ConfigMap for the paste-in `rule_files` line.
   */
  readonly prometheusOperator: boolean;
  /** Labels the Prometheus' ruleSelector and serviceMonitorSelector match (with the Operator only). */
  readonly prometheusSelectorLabels: Readonly<Record<string, string>>;
  readonly scrapeTargets: readonly ScrapeTarget[];
}

/**
 * Alert rules and the dashboard where the cluster's monitoring picks them up: a Grafana
 * dashboard ConfigMap with the sidecar's `grafana_dashboard` label, and either Prometheus
 * Operator objects or a rules ConfigMap for a Prometheus that mounts it.
 */
export class Monitoring extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/part-of": INSTANCE };
    new ConfigMapV1(this, "Dashboard", {
      metadata: { name: "genesis-tracing-dashboard", namespace: props.monitoringNamespace, labels: { ...labels, grafana_dashboard: "1" } },
      data: { "genesis-tracing.json": literalText(JSON.stringify(props.dashboard, null, 2)) },
    });
    if (!props.prometheusOperator) {
      new ConfigMapV1(this, "Rules", {
        // Mounted at RULES_MOUNT_DIR, where the paste-in `rule_files` line reads it (tracing/monitoring/scrape-config.ts).
        metadata: { name: RULES_CONFIG_MAP.name, namespace: props.monitoringNamespace, labels },
        data: { [RULES_CONFIG_MAP.key]: literalText(toYaml(props.rules)) },
      });
      return;
    }
    // CRD objects: acceptable here because the Operator (and its CRDs) must already be
    // installed when settings say so; kubernetes_manifest needs them at plan time.
    const objects = renderPrometheusOperatorObjects(props.rules, props.scrapeTargets, props.tracingNamespace, props.prometheusSelectorLabels);
    new Manifest(this, "PrometheusRule", { manifest: objects.prometheusRule });
    for (const [name, manifest] of objects.serviceMonitors) new Manifest(this, `ServiceMonitor-${name}`, { manifest });
  }
}
