import { PROJECT_ROOT_FROM_STACK } from "../tracing/core/paths";

/** Local Terraform state of a stack, kept at the project root (ignored by git). */
export function localStatePath(stackName: string): string {
  return `${PROJECT_ROOT_FROM_STACK}/terraform.${stackName}.tfstate`;
}
