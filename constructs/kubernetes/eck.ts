import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { toYaml } from "../../tracing/yaml";
import { literalText } from "../terraform-text";

/** Elastic's Helm repository. */
export const ELASTIC_HELM_REPOSITORY = "https://helm.elastic.co";

export interface EckOperatorProps {
  readonly namespace: string;
  /** `eck-operator` chart version. */
  readonly chartVersion: string;
  /** `helm-values/eck-operator.yaml`. */
  readonly staticValues: string;
  /** Namespaces the operator may manage; it ignores all others. */
  readonly managedNamespaces: readonly string[];
}

/** Elastic's ECK operator (with its CRDs), restricted to the namespaces it manages. */
export class EckOperator extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: EckOperatorProps) {
    super(scope, id);
    this.release = new Release(this, "Release", {
      name: "elastic-operator",
      namespace: props.namespace,
      createNamespace: true,
      repository: ELASTIC_HELM_REPOSITORY,
      chart: "eck-operator",
      version: props.chartVersion,
      values: [literalText(props.staticValues), literalText(toYaml({ managedNamespaces: [...props.managedNamespaces] }))],
      wait: true,
      timeout: 600,
    });
  }
}

export interface ElasticsearchClusterProps {
  readonly namespace: string;
  /** `eck-elasticsearch` chart version. */
  readonly chartVersion: string;
  /** `helm-values/elasticsearch.yaml`. */
  readonly staticValues: string;
  /** Values computed from settings (name, version, node sets); they win over the static ones. */
  readonly computedValues: object;
  /** The operator (and its CRDs) and the namespace. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The Elasticsearch cluster as an ECK `Elasticsearch` resource, installed through Elastic's
 * chart (a Helm release needs no CRD at plan time, unlike `kubernetes_manifest`).
 */
export class ElasticsearchCluster extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ElasticsearchClusterProps) {
    super(scope, id);
    this.release = new Release(this, "Release", {
      name: "elasticsearch",
      namespace: props.namespace,
      repository: ELASTIC_HELM_REPOSITORY,
      chart: "eck-elasticsearch",
      version: props.chartVersion,
      values: [literalText(props.staticValues), literalText(toYaml(props.computedValues))],
      // The chart renders one custom resource; readiness is awaited by the bootstrap Job.
      wait: true,
      timeout: 600,
      dependsOn: props.dependsOn,
    });
  }
}
