import { DataKubernetesResources } from "@cdktf/provider-kubernetes/lib/data-kubernetes-resources";
import { Construct } from "constructs";
import { TerraformData } from "../terraform-data";

/** The label ECK's StatefulSets put on every pod and volume claim of a cluster. */
export const ECK_CLUSTER_NAME_LABEL = "elasticsearch.k8s.elastic.co/cluster-name";

export interface ElasticsearchDataGuardProps {
  /** The tracing namespace, as a literal: the volumes are listed while planning. */
  readonly namespace: string;
  /** `TRACING_ES_CLUSTER_NAME`: ECK names the cluster's StatefulSets and volume claims after it. */
  readonly clusterName: string;
  /** `TRACE_INDEX_PREFIX`: where Jaeger reads and writes every stored trace. */
  readonly indexPrefix: string;
  /** `TRACING_STORAGE_CLASS`; "" for the cluster's default class. */
  readonly storageClassName: string;
  /** `ES_DISK_GIB`: the data volume of each node. */
  readonly diskGiB: number;
  /** `TRACING_ALLOW_DATA_DESTROY`: the one deploy that may start an empty cluster. */
  readonly allowDataDestroy: boolean;
}

/**
 * Refuses, at plan, every change that would leave Elasticsearch without its data while Helm
 * calls it an in-place upgrade. Two mechanisms, because Terraform state and the cluster each
 * see what the other cannot:
 * - a `terraform_data` whose `triggers_replace` holds the cluster name, the index prefix and the
 *   StorageClass, under `prevent_destroy`: changing any of them plans its replacement, which
 *   Terraform refuses ("Instance cannot be destroyed");
 * - preconditions on the volume claims that exist in the namespace (listed at plan, an empty
 *   list on a first deploy): none may belong to a cluster of another name, be larger than the
 *   new disk (Kubernetes cannot shrink a volume) or sit on another StorageClass.
 * `TRACING_ALLOW_DATA_DESTROY=true` lifts the rename refusals for the deploy that is meant to
 * start empty; a shrink or a class change is refused even then (ECK rejects both).
 */
export class ElasticsearchDataGuard extends Construct {
  readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: ElasticsearchDataGuardProps) {
    super(scope, id);
    const volumes = new DataKubernetesResources(this, "Volumes", {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      namespace: props.namespace,
      labelSelector: ECK_CLUSTER_NAME_LABEL,
    });
    const claims = `data.${volumes.terraformResourceType}.${volumes.friendlyUniqueId}.objects`;
    const clusterOf = `pvc.metadata.labels["${ECK_CLUSTER_NAME_LABEL}"]`;
    // "30Gi" as ECK copies it from the claim template; a size in another unit is not judged.
    const sizeGiB = `try(tonumber(regex("^([0-9]+)Gi$", pvc.spec.resources.requests.storage)[0]), 0)`;
    const ownClaims = `[for pvc in ${claims} : pvc if ${clusterOf} == "${props.clusterName}"]`;
    const otherClusters = `distinct([for pvc in ${claims} : ${clusterOf} if ${clusterOf} != "${props.clusterName}"])`;
    const renamed = {
      condition: `\${length(${otherClusters}) == 0}`,
      errorMessage:
        `\${join(", ", ${otherClusters})} still has its Elasticsearch volumes in namespace ${props.namespace}: naming the cluster ` +
        `"${props.clusterName}" (TRACING_ES_CLUSTER_NAME) would make ECK delete it with every stored trace and start an empty one. ` +
        `Set TRACING_ES_CLUSTER_NAME back, or see docs/operations.md#changing-what-holds-the-data.`,
    };
    const shrunk = {
      condition: `\${alltrue([for pvc in ${ownClaims} : ${sizeGiB} <= ${props.diskGiB}])}`,
      errorMessage:
        `The Elasticsearch volumes hold up to \${max(0, [for pvc in ${ownClaims} : ${sizeGiB}]...)} GiB each; ES_DISK_GIB=${props.diskGiB} would shrink them, ` +
        `which Kubernetes and ECK refuse. Keep ES_DISK_GIB at least that large.`,
    };
    const reclassed = {
      condition: `\${alltrue([for pvc in ${ownClaims} : pvc.spec.storageClassName == "${props.storageClassName}"])}`,
      errorMessage:
        `The Elasticsearch volumes are on StorageClass \${join(", ", distinct([for pvc in ${ownClaims} : pvc.spec.storageClassName]))}; ` +
        `TRACING_STORAGE_CLASS=${props.storageClassName} would need new volumes, which ECK refuses for an existing node set. ` +
        `Set TRACING_STORAGE_CLASS back, or see docs/operations.md#changing-what-holds-the-data.`,
    };
    this.resource = new TerraformData(this, "Resource", {
      // A change here plans the guard's replacement, which prevent_destroy turns into an error.
      triggersReplace: {
        elasticsearch_name: props.clusterName,
        index_prefix: props.indexPrefix,
        storage_class: props.storageClassName,
      },
      lifecycle: {
        preventDestroy: !props.allowDataDestroy,
        precondition: [
          ...(props.allowDataDestroy ? [] : [renamed]),
          shrunk,
          // With the cluster's default class the claims name whichever class that is.
          ...(props.storageClassName === "" ? [] : [reclassed]),
        ],
      },
    });
  }
}
