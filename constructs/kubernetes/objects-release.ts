import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, TerraformStack, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { toYaml } from "../../tracing/core/yaml";
import { literalText } from "../terraform-text";

/** The generic chart, from the project root (where cdktf.json is). */
const CHART_DIRECTORY = "charts/objects";
/** Id of the chart's asset, one per stack, shared by every release of it. */
const CHART_ASSET_ID = "ObjectsChart";

export interface ObjectsReleaseProps {
  readonly releaseName: string;
  /** Namespace of the release (a reference to the namespace resource, so it waits for it). */
  readonly namespace: string;
  /** The objects, whole (apiVersion, kind, metadata, spec), in the order they are listed. */
  readonly objects: readonly object[];
  /**
   * What must exist first (the Secrets the objects name, the policies of the namespace).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Kubernetes objects of a kind whose CRD Terraform cannot rely on at plan time (cert-manager's
 * `Issuer` and `Certificate`), applied by Helm from the project's own generic chart
 * (`charts/objects`: one template that renders each of `.Values.objects` with `toYaml`).
 *
 * Why this way:
 * - `kubernetes_manifest` needs the CRD at plan time; a Helm release needs it only at apply
 *   (the same reason the stack ships ECK's `Elasticsearch` through a chart).
 * - Every object is in `values`, never in a template: the helm provider plans an upgrade when
 *   `values` change, but not when a local chart's templates do (terraform-provider-helm#515).
 * - The chart is a `TerraformAsset` (AssetType.DIRECTORY): Terraform sees it as
 *   `assets/<id>/<content hash>` inside the stack folder, the same on every machine (an
 *   absolute path would differ between CI and laptops and plan an upgrade each time), and a
 *   change to the chart's files changes the path, which does plan an upgrade.
 * - An in-repo chart needs no Helm repository, so no mirror in an air-gapped cluster.
 *
 * Helm does not wait for custom resources to become ready: a pod that mounts a Secret such an
 * object produces waits in ContainerCreating until it exists.
 */
export class ObjectsRelease extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ObjectsReleaseProps) {
    super(scope, id);
    this.release = new Release(this, "Release", {
      name: props.releaseName,
      namespace: props.namespace,
      chart: ObjectsRelease.chart(this).path,
      values: [literalText(toYaml({ objects: props.objects }))],
      dependsOn: props.dependsOn,
    });
  }

  /** The stack's one copy of the generic chart. */
  private static chart(scope: Construct): TerraformAsset {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(CHART_ASSET_ID);
    return existing instanceof TerraformAsset ? existing : new TerraformAsset(stack, CHART_ASSET_ID, { path: CHART_DIRECTORY, type: AssetType.DIRECTORY });
  }
}
