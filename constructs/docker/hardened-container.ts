import { Container } from "@cdktf/provider-docker/lib/container";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { literalText } from "../terraform-text";

/** A file copied into the container before it starts. */
export interface ContainerFile {
  /** Absolute path inside the container. */
  readonly path: string;
  /** Text or a Terraform reference (certificates, passwords). */
  readonly content: string;
}

export interface VolumeMount {
  /** `name` of a `docker_volume`. */
  readonly volumeName: string;
  readonly containerPath: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

export interface HardenedContainerProps {
  readonly containerName: string;
  /** `image_id` of a `docker_image`. */
  readonly imageId: string;
  /** Numeric `uid[:gid]`; never root. */
  readonly user: string;
  readonly memoryMiB: number;
  /** The private network the container joins. */
  readonly networkName: string;
  /**
   * DNS names of the container on the network.
   * @default - the container name only
   */
  readonly networkAliases?: readonly string[];
  /**
   * Environment variables; never secrets (those are files).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Files uploaded read-only (mode 0444, owned by root, so the container user cannot change them).
   * @default - none
   */
  readonly files?: readonly ContainerFile[];
  /** @default - the image's entrypoint */
  readonly entrypoint?: readonly string[];
  /** @default - the image's command */
  readonly command?: readonly string[];
  /**
   * Named volumes to mount.
   * @default - none
   */
  readonly volumes?: readonly VolumeMount[];
  /**
   * Ports published on 127.0.0.1 only, at the same number as inside.
   * @default - none
   */
  readonly loopbackPorts?: readonly number[];
  /**
   * What must be running before this container is created.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Long-running service (health-checked) or one-shot task (must exit 0). */
  readonly lifecycle: ServiceLifecycle | TaskLifecycle;
}

export interface ServiceLifecycle {
  readonly kind: "service";
  /** Docker HEALTHCHECK test, e.g. `["CMD", "wget", …]`. */
  readonly healthcheck: readonly string[];
  /**
   * Grace period before failed checks count.
   * @default "30s"
   */
  readonly startPeriod?: string;
  /**
   * How long `cdktf deploy` waits for the container to turn healthy.
   * @default 300
   */
  readonly waitTimeoutSeconds?: number;
}

export interface TaskLifecycle {
  readonly kind: "task";
}

const READ_ONLY_FILE_MODE = "0444";

/**
 * A Docker container with the hardening every container of this stack gets: a non-root
 * user, all capabilities dropped, no privilege escalation, a memory limit, a private network
 * and ports on loopback only. Services are health-checked and `cdktf deploy` waits until
 * they are healthy; tasks run to completion and fail the deploy, with their log, unless they
 * exit 0.
 */
export class HardenedContainer extends Construct {
  readonly resource: Container;

  constructor(scope: Construct, id: string, props: HardenedContainerProps) {
    super(scope, id);
    const task = props.lifecycle.kind === "task";
    this.resource = new Container(this, "Resource", {
      name: props.containerName,
      image: props.imageId,
      user: props.user,
      capabilities: { drop: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: props.memoryMiB,
      memorySwap: props.memoryMiB,
      networksAdvanced: [{ name: props.networkName, aliases: [...(props.networkAliases ?? [])] }],
      env: Object.entries(props.env ?? {}).map(([key, value]) => `${key}=${literalText(value)}`),
      upload: (props.files ?? []).map((file) => ({
        file: file.path,
        content: literalText(file.content),
        permissions: READ_ONLY_FILE_MODE,
      })),
      entrypoint: props.entrypoint ? props.entrypoint.map(literalText) : undefined,
      command: props.command ? props.command.map(literalText) : undefined,
      volumes: props.volumes?.map((v) => ({ volumeName: v.volumeName, containerPath: v.containerPath, readOnly: v.readOnly })),
      ports: props.loopbackPorts?.map((port) => ({ internal: port, external: port, ip: "127.0.0.1", protocol: "tcp" })),
      dependsOn: props.dependsOn,
      // The provider records a task's non-zero exit without failing; this postcondition
      // turns it into a failed deploy that prints the task's log.
      lifecycle: task
        ? {
            postcondition: [
              {
                condition: "${self.exit_code == 0}",
                errorMessage: `${props.containerName} failed (exit code \${self.exit_code}):\n\${self.container_logs}`,
              },
            ],
          }
        : undefined,
      ...(props.lifecycle.kind === "service"
        ? {
            restart: "unless-stopped",
            mustRun: true,
            healthcheck: {
              test: [...props.lifecycle.healthcheck],
              interval: "10s",
              timeout: "5s",
              retries: 5,
              startPeriod: props.lifecycle.startPeriod ?? "30s",
            },
            wait: true,
            waitTimeout: props.lifecycle.waitTimeoutSeconds ?? 300,
            destroyGraceSeconds: 30,
          }
        : {
            restart: "no",
            mustRun: false,
            attach: true,
            logs: true,
          }),
    });
  }
}
