import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { BOOTSTRAP_PATHS } from "../../tracing/paths";
import { HardenedContainer } from "./hardened-container";

export interface ElasticsearchBootstrapProps {
  /** Prefix of the two task containers' names. */
  readonly namePrefix: string;
  readonly networkName: string;
  /** Elasticsearch image (it carries curl) for the access step. */
  readonly elasticsearchImageId: string;
  readonly esRolloverImageId: string;
  /** Rendered `renderBootstrapScript` (ILM policy, roles, users). */
  readonly accessScript: string;
  /** Rendered `renderRolloverInit`. */
  readonly rolloverInit: { readonly command: readonly string[]; readonly env: Readonly<Record<string, string>> };
  readonly caCertificatePem: string;
  readonly passwords: { readonly admin: string; readonly writer: string; readonly reader: string; readonly monitor: string };
  /** The Elasticsearch node, healthy before the tasks run. */
  readonly elasticsearch: ITerraformDependable;
}

/**
 * The one-shot steps between a healthy Elasticsearch and Jaeger: upsert the ILM policy,
 * roles and users, then `es-rollover init`. Each is idempotent; a failure fails the deploy
 * with the task's log. Dependants wait on `completed`.
 */
export class ElasticsearchBootstrap extends Construct {
  readonly completed: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ElasticsearchBootstrapProps) {
    super(scope, id);
    const ca = { path: BOOTSTRAP_PATHS.elasticsearchCa, content: props.caCertificatePem };
    const adminPassword = { path: BOOTSTRAP_PATHS.adminPassword, content: props.passwords.admin };
    const access = new HardenedContainer(this, "Access", {
      containerName: `${props.namePrefix}-access`,
      imageId: props.elasticsearchImageId,
      user: "1000:0",
      memoryMiB: 128,
      networkName: props.networkName,
      entrypoint: ["/bin/sh", BOOTSTRAP_PATHS.script],
      files: [
        { path: BOOTSTRAP_PATHS.script, content: props.accessScript },
        ca,
        adminPassword,
        { path: BOOTSTRAP_PATHS.writerPassword, content: props.passwords.writer },
        { path: BOOTSTRAP_PATHS.readerPassword, content: props.passwords.reader },
        { path: BOOTSTRAP_PATHS.monitorPassword, content: props.passwords.monitor },
      ],
      dependsOn: [props.elasticsearch],
      lifecycle: { kind: "task" },
    });
    const rollover = new HardenedContainer(this, "RolloverInit", {
      containerName: `${props.namePrefix}-rollover-init`,
      imageId: props.esRolloverImageId,
      user: "10001:10001",
      memoryMiB: 128,
      networkName: props.networkName,
      entrypoint: props.rolloverInit.command,
      env: props.rolloverInit.env,
      files: [ca, adminPassword],
      dependsOn: [access.resource],
      lifecycle: { kind: "task" },
    });
    this.completed = rollover.resource;
  }
}
