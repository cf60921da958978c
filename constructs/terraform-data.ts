import { TerraformResource, type ITerraformDependable, type TerraformResourceLifecycle } from "cdktf";
import type { Construct } from "constructs";

export interface TerraformDataProps {
  /**
   * Values whose change replaces the resource (`triggers_replace`).
   * @default - none
   */
  readonly triggersReplace?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly lifecycle?: TerraformResourceLifecycle;
  /** @default - nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Terraform's built-in `terraform_data` (Terraform >= 1.4, which every stack's
 * `required_version` exceeds). Not cdktf's `DataResource`: that one adds a validation which
 * runs `terraform version` in a child process on every validated synth, a tenth of a second
 * each time, and fails wherever Terraform is not installed, where synth must still work.
 */
export class TerraformData extends TerraformResource {
  private readonly triggersReplace?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: TerraformDataProps = {}) {
    super(scope, id, { terraformResourceType: "terraform_data", lifecycle: props.lifecycle, dependsOn: props.dependsOn });
    this.triggersReplace = props.triggersReplace;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return this.triggersReplace === undefined ? {} : { triggers_replace: this.triggersReplace };
  }
}
