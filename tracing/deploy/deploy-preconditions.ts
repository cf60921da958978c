/**
 * What a prod plan refuses although synth accepts it: choices that are fine to render and
 * review offline (`npm test`, `cdktf synth`, `npm run diff`) but must not reach a cluster by
 * accident. Synth knows each outcome and writes it into a local value; a precondition reads it
 * (Terraform refuses a condition that refers to nothing) and reports, when it plans, the failing
 * ones with their message.
 */
import { IN_CLUSTER } from "../parsers/kubeconfig";
import type { TracingSettings } from "../settings/model";

export interface DeployPrecondition {
  /** Its key in the synthesized `local.prod_deploy_checks`. */
  readonly name: string;
  /** Whether the settings pass. */
  readonly holds: boolean;
  /** What Terraform prints when they do not: the setting to change. */
  readonly errorMessage: string;
}

export function prodDeployPreconditions(settings: TracingSettings): DeployPrecondition[] {
  const k = settings.kubernetes;
  return [
    {
      name: "remote_state",
      holds: settings.stateBackend.kind !== "local" || k.allowLocalState,
      errorMessage:
        "prod's Terraform state would be a local file: plaintext (the CA and server keys are in it), unlocked, on one machine. " +
        "Set TRACING_STATE_BACKEND to s3://, gcs:// or kubernetes:// (docs/prod.md#what-terraform-state-holds-and-where-it-lives), or TRACING_ALLOW_LOCAL_STATE=true to accept it.",
    },
    {
      name: "named_context",
      holds: k.kubeconfig === IN_CLUSTER || k.context !== "",
      errorMessage:
        "prod would deploy to whatever kubeconfig context is current. Set TRACING_KUBE_CONTEXT to the prod cluster's context (kubectl config get-contexts).",
    },
  ];
}
