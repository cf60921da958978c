import { Construct } from "constructs";
import { GcsBackend, LocalBackend, S3Backend, TerraformBackend, TerraformRemoteState, type DataTerraformRemoteStateConfig, type TerraformStack } from "cdktf";
import { IN_CLUSTER } from "../tracing/parsers/kubeconfig";
import type { KubernetesSettings, StackName, StateBackendSettings } from "../tracing/settings";
import { requiredTerraform } from "../tracing/deploy/terraform-version";
import { localStatePath } from "./layout";

/** The settings of Terraform's `kubernetes` backend this project uses. */
export interface KubernetesBackendProps {
  /** Terraform names the state Secret `tfstate-<workspace>-<secretSuffix>` and its lock Lease `lock-` + that. */
  readonly secretSuffix: string;
  /**
   * Namespace of the state Secret and Lease.
   * @default "default" (Terraform's)
   */
  readonly namespace?: string;
  /**
   * Authenticate with the service account of the pod Terraform runs in.
   * @default false
   */
  readonly inClusterConfig?: boolean;
  /**
   * kubeconfig file, `~/` expanded.
   * @default - KUBE_CONFIG_PATH, else none
   */
  readonly configPath?: string;
  /**
   * Context of the kubeconfig.
   * @default - its current context
   */
  readonly configContext?: string;
}

/**
 * Terraform's `kubernetes` backend: the state in a Secret, locked by a Lease. cdktf 0.21 has
 * no class for it, and a stack without a `TerraformBackend` element gets cdktf's default
 * local backend on `App.synth`, beside any backend written as a raw override: `terraform init`
 * then refuses "Duplicate backend configuration". As a `TerraformBackend` it is the stack's
 * one backend.
 */
export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: KubernetesBackendProps,
  ) {
    // "backend" is the id every cdktf backend takes, so a second one in a stack is a clash.
    super(scope, "backend", "kubernetes");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return kubernetesBackendAttributes(this.props);
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return kubernetesBackendAttributes(this.props);
  }

  /** A `terraform_remote_state` reading this backend, for references from other stacks. */
  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateKubernetes(scope, name, { ...this.props, workspace: "${terraform.workspace}" });
  }
}

export interface DataTerraformRemoteStateKubernetesConfig extends DataTerraformRemoteStateConfig, KubernetesBackendProps {}

/** `data "terraform_remote_state"` of a stack kept in the kubernetes backend. */
export class DataTerraformRemoteStateKubernetes extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: DataTerraformRemoteStateKubernetesConfig) {
    super(scope, id, "kubernetes", config);
  }
}

/** The backend block's attributes, by Terraform's names; unset ones are left out. */
function kubernetesBackendAttributes(props: KubernetesBackendProps): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    secret_suffix: props.secretSuffix,
    namespace: props.namespace,
    in_cluster_config: props.inClusterConfig,
    config_path: props.configPath,
    config_context: props.configContext,
  };
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

/**
 * Configures where a stack keeps its Terraform state. Remote backends key the state by stack
 * name, so `local` and `prod` never share one. Changing the backend of a deployed stack needs
 * `cdktf deploy <stack> --migrate-state`. Every kind is a `TerraformBackend` element: cdktf adds
 * its default local backend to a stack that has none.
 */
/** `terraform.required_version` for the stack: what the stack uses decides (tracing/deploy/terraform-version.ts). */
export function requireTerraform(stack: TerraformStack, stackName: StackName, backend: StateBackendSettings): void {
  // cdktf 0.21 has no setting for it; the override merges into the terraform block it writes.
  stack.addOverride("terraform.required_version", `>= ${requiredTerraform(stackName, backend).version}`);
}

export function addStateBackend(
  stack: TerraformStack,
  stackName: string,
  backend: StateBackendSettings,
  cluster: Pick<KubernetesSettings, "kubeconfig" | "context">,
): void {
  switch (backend.kind) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(stackName) });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        region: backend.region,
        encrypt: true,
      });
      // S3-native state locking (Terraform >= 1.10); the cdktf 0.21 bindings predate it. An
      // override of the element, not of the stack's `terraform.backend`, so it cannot add a
      // second backend.
      s3.addOverride("use_lockfile", true);
      return;
    }
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` });
      return;
    case "kubernetes":
      new KubernetesBackend(stack, {
        secretSuffix: `${backend.secretSuffix}-${stackName}`,
        namespace: backend.namespace,
        ...(cluster.kubeconfig === IN_CLUSTER
          ? { inClusterConfig: true }
          : { configPath: cluster.kubeconfig, ...(cluster.context ? { configContext: cluster.context } : {}) }),
      });
      return;
  }
}
