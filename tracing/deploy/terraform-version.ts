/**
 * The Terraform each stack needs: the newest language or backend feature it uses decides, and
 * the synthesized `terraform.required_version` says so, so an older Terraform stops at `init`
 * with its own "Unsupported Terraform Core version" instead of failing half-way.
 */
import type { StackName, StateBackendSettings } from "../settings/model";

export interface TerraformRequirement {
  /** The oldest Terraform release that runs the stack, `major.minor`. */
  readonly version: string;
  /** What needs it. */
  readonly because: string;
}

/**
 * - 1.11: prod writes the Elasticsearch users' passwords write-only (`data_wo`) from ephemeral
 *   `random_password` blocks, so no password reaches the state.
 * - 1.10: the S3 backend's S3-native lock (`use_lockfile`).
 * - 1.5: `check` blocks (the CA expiry warning) and `terraform_data`.
 */
export function requiredTerraform(stack: StackName, backend: StateBackendSettings): TerraformRequirement {
  if (stack === "prod") return { version: "1.11", because: "write-only Secret data from ephemeral passwords" };
  if (backend.kind === "s3") return { version: "1.10", because: "the S3 backend's use_lockfile" };
  return { version: "1.5", because: "check blocks and terraform_data" };
}
