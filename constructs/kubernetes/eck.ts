import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { toYaml } from "../../tracing/core/yaml";
import { literalText } from "../terraform-text";

export interface ElasticChartProps {
  readonly releaseName: string;
  /** Helm repository the chart comes from: Elastic's, or a mirror of it. */
  readonly repository: string;
  /** `eck-operator-crds`, `eck-operator` or `eck-elasticsearch`. */
  readonly chart: string;
  /** Exact chart version. */
  readonly chartVersion: string;
  readonly namespace: string;
  /** The chart's file in `helm-values/`. */
  readonly staticValues: string;
  /** Values computed from settings; Helm merges them over the static ones. */
  readonly computedValues: object;
  /**
   * Create the namespace if it does not exist.
   * @default false
   */
  readonly createNamespace?: boolean;
  /** Refuse to destroy or replace the release (the Elasticsearch chart's holds the cluster). */
  readonly preventDestroy: boolean;
  /**
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A pinned chart from Elastic's repository (or a mirror): the ECK CRDs, the ECK operator or an
 * Elasticsearch cluster. A Helm release needs no CRD at plan time, unlike
 * `kubernetes_manifest`, so ECK and its `Elasticsearch` object install in one apply.
 */
export class ElasticChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ElasticChartProps) {
    super(scope, id);
    this.release = new Release(this, "Release", {
      name: props.releaseName,
      namespace: props.namespace,
      createNamespace: props.createNamespace,
      repository: props.repository,
      chart: props.chart,
      version: props.chartVersion,
      values: [literalText(props.staticValues), literalText(toYaml(props.computedValues))],
      // Waits for the chart's Deployments/StatefulSets; the cluster's own readiness is
      // awaited by the bootstrap Job.
      wait: true,
      timeout: 600,
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.preventDestroy },
    });
  }
}
