import { Volume } from "@cdktf/provider-docker/lib/volume";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { LOCAL_FIXED_MEMORY_MIB } from "../../tracing/topology/local-resources";
import { ACCESS_KINDS, type JaegerAccess } from "../../tracing/elasticsearch/elasticsearch-access";
import { bootstrapPasswordFile } from "../../tracing/elasticsearch/elasticsearch-access";
import { BOOTSTRAP_PATHS, ES_ROLLOVER_IMAGE_PATHS } from "../../tracing/core/paths";
import { HardenedContainer } from "./hardened-container";

/** The uid of the `jaeger-es-rollover` image. */
const ES_ROLLOVER_UID = 10001;
/** The uid of the Elasticsearch image, whose curl runs the script. */
const ELASTICSEARCH_UID = 1000;

export interface ElasticsearchBootstrapProps {
  /** Prefix of the task containers' and the binary volume's names. */
  readonly namePrefix: string;
  readonly networkName: string;
  /** Elasticsearch image (it carries curl): runs the script. */
  readonly elasticsearchImageId: string;
  /** `jaegertracing/jaeger-es-rollover`: only supplies its binary. */
  readonly esRolloverImage: { readonly imageId: string; readonly tag: string };
  /** Rendered `renderBootstrapScript`. */
  readonly script: string;
  readonly caCertificatePem: string;
  /** The `elastic` superuser's, and those of Jaeger's users the script creates. */
  readonly passwords: { readonly admin: string; readonly users: Readonly<Record<JaegerAccess, string>> };
  /** The Elasticsearch node, healthy before the script runs. */
  readonly elasticsearch: ITerraformDependable;
  /**
   * The node container's id: a new node container replaces the script's, so the script runs
   * again. A new or reset data volume always comes with a new node container (Docker refuses to
   * remove a volume any container still uses), and `replace_triggered_by` would not do: Terraform
   * triggers on an update or replacement of the referenced resource, not on its creation
   * (`EvaluateReplaceTriggeredBy`, internal/terraform/eval_context_builtin.go), and a volume
   * removed behind Terraform's back is planned as a creation.
   */
  readonly elasticsearchContainerId: string;
}

/** The label of the script's container that carries the node container's id (labels force a new container). */
export const NODE_CONTAINER_LABEL = "genesis-tracing.elasticsearch-container";

/**
 * The one-shot step between a healthy Elasticsearch and Jaeger: the bootstrap script, run in
 * the Elasticsearch image with the es-rollover binary beside it. Docker copies an image
 * directory into an empty named volume on its first mount, so a task of the es-rollover image
 * mounting the volume at the binary's directory fills it; the script's container mounts it
 * read-only. The volume is named after the es-rollover version: a new version gets a fresh
 * volume, never a stale binary. A failure fails the deploy with the task's log; dependants
 * wait on `completed`. A new node container (a new or reset data volume) runs the script again.
 */
export class ElasticsearchBootstrap extends Construct {
  readonly completed: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ElasticsearchBootstrapProps) {
    super(scope, id);
    const binaries = new Volume(this, "BinaryVolume", { name: `${props.namePrefix}-es-rollover-${props.esRolloverImage.tag}` });
    const binary = new HardenedContainer(this, "Binary", {
      containerName: `${props.namePrefix}-binary`,
      imageId: props.esRolloverImage.imageId,
      uid: ES_ROLLOVER_UID,
      memoryMiB: LOCAL_FIXED_MEMORY_MIB.binary,
      networkName: props.networkName,
      // The copy happens at mount time; the task only has to exit 0.
      entrypoint: [ES_ROLLOVER_IMAGE_PATHS.binary, "--help"],
      volumes: [{ volumeName: binaries.name, containerPath: ES_ROLLOVER_IMAGE_PATHS.binDir }],
      lifecycle: { kind: "task" },
    });
    const script = new HardenedContainer(this, "Script", {
      containerName: `${props.namePrefix}-script`,
      imageId: props.elasticsearchImageId,
      uid: ELASTICSEARCH_UID,
      memoryMiB: LOCAL_FIXED_MEMORY_MIB.bootstrap,
      networkName: props.networkName,
      entrypoint: ["/bin/sh", BOOTSTRAP_PATHS.script],
      files: [
        { path: BOOTSTRAP_PATHS.script, content: props.script },
        { path: BOOTSTRAP_PATHS.elasticsearchCa, content: props.caCertificatePem },
        { path: BOOTSTRAP_PATHS.adminPassword, content: props.passwords.admin },
        ...ACCESS_KINDS.map((access) => ({ path: bootstrapPasswordFile(access), content: props.passwords.users[access] })),
      ],
      volumes: [{ volumeName: binaries.name, containerPath: BOOTSTRAP_PATHS.binDir, readOnly: true }],
      labels: { [NODE_CONTAINER_LABEL]: props.elasticsearchContainerId },
      dependsOn: [props.elasticsearch, binary.resource],
      lifecycle: { kind: "task" },
    });
    this.completed = script.resource;
  }
}
