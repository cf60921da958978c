/**
 * Terraform runs each stack inside `cdktf.out/stacks/<stack>/`, a folder `cdktf synth`
 * rewrites. State and files meant to outlive a synth are addressed relative to the project
 * root from there, so the synthesized JSON holds no absolute, machine-specific path.
 */
export const PROJECT_ROOT_FROM_STACK = "../../..";

/** Local Terraform state of a stack, kept at the project root (ignored by git). */
export function localStatePath(stackName: string): string {
  return `${PROJECT_ROOT_FROM_STACK}/terraform.${stackName}.tfstate`;
}
