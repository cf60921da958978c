import { GcsBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { KubernetesSettings, StateBackendSettings } from "../tracing/settings";
import { localStatePath } from "./layout";

/**
 * Configures where a stack keeps its Terraform state. Remote backends key the state by stack
 * name, so `local` and `prod` never share one. Changing the backend of a deployed stack needs
 * `cdktf deploy <stack> --migrate-state`.
 */
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
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        region: backend.region,
        encrypt: true,
      });
      // S3-native state locking (Terraform >= 1.10); the cdktf 0.21 bindings predate it.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` });
      return;
    case "kubernetes":
      // cdktf has no class for Terraform's kubernetes backend (state in a Secret, locked by a Lease).
      stack.addOverride("terraform.backend", {
        kubernetes: {
          secret_suffix: `${backend.secretSuffix}-${stackName}`,
          namespace: backend.namespace,
          ...(cluster.kubeconfig === "in-cluster"
            ? { in_cluster_config: true }
            : { config_path: cluster.kubeconfig, ...(cluster.context ? { config_context: cluster.context } : {}) }),
        },
      });
      return;
  }
}
